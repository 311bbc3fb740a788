package dev.atelier.server.tasks;

import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.server.tasks.matchers.ProblemScanner;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs of one workspace and who follows them. Every change and every notification happens under
 * this object's lock, so a subscriber's replay and the live stream after it never overlap or leave
 * a gap.
 */
final class WorkspaceRuns {

  private static final Logger log = LoggerFactory.getLogger(WorkspaceRuns.class);

  /** One run's mutable state; the reader thread owns {@link #scanner}. */
  static final class Run {
    final String id;
    final String task;
    final Instant startedAt;
    final long startNanos;
    final ExecProcess process;
    final RunOutput output;
    final ProblemScanner scanner;
    Integer exitCode;
    Long durationMs;
    volatile boolean stopped;

    /**
     * @param startNanos {@link System#nanoTime} taken before the process was spawned: the duration
     *     covers its start-up, as the user who pressed Run sees it
     */
    Run(
        String id,
        String task,
        Instant startedAt,
        long startNanos,
        ExecProcess process,
        RunOutput output,
        ProblemScanner scanner) {
      this.id = id;
      this.startedAt = startedAt;
      this.startNanos = startNanos;
      this.task = task;
      this.process = process;
      this.output = output;
      this.scanner = scanner;
    }

    boolean running() {
      return exitCode == null;
    }

    TaskRun describe() {
      return new TaskRun(id, task, startedAt, running(), exitCode, durationMs, stopped);
    }
  }

  private final int retained;
  private final Deque<Run> runs = new ArrayDeque<>();
  private final List<TaskListener> listeners = new CopyOnWriteArrayList<>();

  WorkspaceRuns(int retained) {
    this.retained = retained;
  }

  synchronized Optional<Run> running(String task) {
    return runs.stream().filter(r -> r.task.equals(task) && r.running()).findFirst();
  }

  synchronized Optional<Run> find(String runId) {
    return runs.stream().filter(r -> r.id.equals(runId)).findFirst();
  }

  synchronized List<TaskRun> describe() {
    return runs.stream().map(Run::describe).toList();
  }

  synchronized List<Run> all() {
    return new ArrayList<>(runs);
  }

  synchronized void started(Run run) {
    runs.addLast(run);
    long finished = runs.stream().filter(r -> !r.running()).count();
    for (var it = runs.iterator(); it.hasNext() && finished > retained; ) {
      if (!it.next().running()) {
        it.remove();
        finished--;
      }
    }
    TaskRun described = run.describe();
    notify(l -> l.started(described));
  }

  synchronized void output(Run run, String data) {
    run.output.append(data);
    notify(l -> l.output(run.id, data));
  }

  synchronized TaskRun exited(Run run, int exitCode) {
    run.exitCode = exitCode;
    run.durationMs = (System.nanoTime() - run.startNanos) / 1_000_000;
    TaskRun described = run.describe();
    notify(l -> l.exited(described));
    return described;
  }

  /** Replays every kept run to {@code listener}, then streams; closing the handle stops it. */
  synchronized AutoCloseable subscribe(TaskListener listener) {
    for (Run run : runs) {
      TaskRun described = run.describe();
      listener.started(new TaskRun(run.id, run.task, run.startedAt, true, null, null, false));
      String replay = run.output.replay();
      if (!replay.isEmpty()) {
        listener.output(run.id, replay);
      }
      if (!described.running()) {
        listener.exited(described);
      }
    }
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void notify(java.util.function.Consumer<TaskListener> call) {
    for (TaskListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        log.warn("A task listener failed; removing it", e);
        listeners.remove(listener);
      }
    }
  }
}
