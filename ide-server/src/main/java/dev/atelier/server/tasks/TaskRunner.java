package dev.atelier.server.tasks;

import dev.atelier.extensions.ProblemMatcherContribution;
import dev.atelier.extensions.host.Extensions;
import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.ExecRequest.PtySize;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.events.EventBus;
import dev.atelier.server.events.WorkspaceDeletedEvent;
import dev.atelier.server.events.WorkspaceStatusEvent;
import dev.atelier.server.problems.WorkspaceProblems;
import dev.atelier.server.tasks.WorkspaceRuns.Run;
import dev.atelier.server.tasks.matchers.ProblemScanner;
import dev.atelier.server.tasks.matchers.WorkspacePaths;
import dev.atelier.server.workspace.WorkspaceActivity;
import dev.atelier.server.workspace.WorkspaceService;
import dev.atelier.stacks.Stack;
import dev.atelier.stacks.Task;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * Runs the stack's tasks inside workspaces. A run executes in a PTY, so that compilers and test
 * runners print the colours a developer expects (the build log renders ANSI); its output is
 * streamed to subscribers, the last {@code atelier.tasks.output-per-run} of it kept for replay, and
 * matched for problems, which replace the {@code task:<name>} set of {@link WorkspaceProblems} when
 * the run ends. Access checks are the caller's job: READ to watch, WRITE to run and stop.
 */
@Service
public class TaskRunner implements DisposableBean {

  /** Producer name of a task's problems in {@link WorkspaceProblems}. */
  public static String producer(String task) {
    return "task:" + task;
  }

  private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);
  private static final PtySize PTY = new PtySize(200, 50);

  private final WorkspaceRuntime runtime;
  private final WorkspaceService workspaces;
  private final WorkspaceProblems problems;
  private final WorkspaceActivity activity;
  private final TaskProperties properties;
  private final List<ProblemMatcherContribution> matchers;
  private final Map<String, WorkspaceRuns> byWorkspace = new ConcurrentHashMap<>();
  private final List<AutoCloseable> subscriptions;

  public TaskRunner(
      WorkspaceRuntime runtime,
      WorkspaceService workspaces,
      WorkspaceProblems problems,
      WorkspaceActivity activity,
      TaskProperties properties,
      EventBus bus,
      Extensions extensions) {
    this.matchers = extensions.contributions().problemMatchers();
    this.runtime = runtime;
    this.workspaces = workspaces;
    this.problems = problems;
    this.activity = activity;
    this.properties = properties;
    this.subscriptions =
        List.of(
            bus.subscribe(
                WorkspaceStatusEvent.class,
                e -> {
                  if (e.phase() == Phase.STOPPING || e.phase() == Phase.FAILED) {
                    stopAll(e.workspaceId());
                  }
                }),
            bus.subscribe(
                WorkspaceDeletedEvent.class,
                e -> {
                  stopAll(e.workspaceId());
                  byWorkspace.remove(e.workspaceId());
                }));
  }

  /** The tasks of the workspace's stack, in stack order. */
  public List<StackTask> tasks(String workspaceId) {
    return stack(workspaceId).tasks().stream().map(StackTask::of).toList();
  }

  /**
   * Starts a task.
   *
   * @throws AtelierException {@code TASK_NOT_FOUND} (listing the stack's tasks), {@code
   *     WRONG_STATE} when it is already running or the workspace is not running
   */
  public TaskRun run(String workspaceId, String taskName) {
    Stack stack = stack(workspaceId);
    Task task =
        stack
            .task(taskName)
            .orElseThrow(
                () ->
                    new AtelierException(
                        ErrorCode.TASK_NOT_FOUND,
                        "The stack '"
                            + stack.id()
                            + "' has no task '"
                            + taskName
                            + "'; its tasks are: "
                            + String.join(", ", stack.tasks().stream().map(Task::name).toList())
                            + ".",
                        Map.of("knownTasks", stack.tasks().stream().map(Task::name).toList())));
    WorkspaceRuns runs = runs(workspaceId);
    Run run;
    synchronized (runs) {
      if (runs.running(task.name()).isPresent()) {
        throw new AtelierException(
            ErrorCode.WRONG_STATE,
            "Task '" + task.name() + "' is already running; stop it before running it again.");
      }
      Instant startedAt = Instant.now();
      long startNanos = System.nanoTime();
      ExecProcess process = exec(workspaceId, task);
      run =
          new Run(
              UUID.randomUUID().toString(),
              task.name(),
              startedAt,
              startNanos,
              process,
              new RunOutput((int) properties.outputPerRun().toBytes()),
              new ProblemScanner(WorkspacePaths.sandbox(), matchers));
      runs.started(run);
    }
    activity.taskStarted(workspaceId);
    Thread reader =
        new Thread(
            () -> pump(workspaceId, runs, run), "atelier-task-" + task.name() + "-" + run.id);
    reader.setDaemon(true);
    reader.start();
    return run.describe();
  }

  private ExecProcess exec(String workspaceId, Task task) {
    Map<String, String> env = Map.of("TERM", "xterm-256color", "LANG", "C.UTF-8");
    try {
      return runtime.exec(workspaceId, new ExecRequest(task.command().toArgv(), env, null, PTY));
    } catch (WorkspaceRuntimeException e) {
      if (e.code() == WorkspaceRuntimeException.ErrorCode.NOT_RUNNING) {
        throw new AtelierException(
            ErrorCode.WRONG_STATE,
            "Workspace " + workspaceId + " is not running: start it to run tasks.");
      }
      throw new AtelierException(
          ErrorCode.RUNTIME_UNAVAILABLE,
          "Could not run task '" + task.name() + "': " + e.getMessage(),
          Map.of(),
          e);
    }
  }

  private void pump(String workspaceId, WorkspaceRuns runs, Run run) {
    char[] buffer = new char[8192];
    try (Reader out = new InputStreamReader(run.process.stdout(), StandardCharsets.UTF_8)) {
      int n;
      while ((n = out.read(buffer)) > 0) {
        String chunk = new String(buffer, 0, n);
        runs.output(run, chunk);
        run.scanner.accept(chunk);
      }
    } catch (IOException e) {
      // A PTY reports the end of its program as an I/O error (EIO) on Linux.
      log.debug("Task output of {} ended: {}", run.id, e.toString());
    }
    int exitCode;
    try {
      exitCode = run.process.onExit().get();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      exitCode = -1;
    }
    try {
      problems.replace(workspaceId, producer(run.task), run.scanner.finish());
    } finally {
      runs.exited(run, exitCode);
      activity.taskFinished(workspaceId);
    }
  }

  /**
   * Stops a run and everything it started.
   *
   * @throws AtelierException {@code TASK_NOT_FOUND} when the workspace has no such run
   */
  public TaskRun stop(String workspaceId, String runId) {
    Run run =
        runs(workspaceId)
            .find(runId)
            .orElseThrow(
                () ->
                    new AtelierException(
                        ErrorCode.TASK_NOT_FOUND,
                        "Workspace "
                            + workspaceId
                            + " has no run '"
                            + runId
                            + "'; list them with GET /api/workspaces/"
                            + workspaceId
                            + "/runs."));
    if (run.process.isAlive()) {
      run.stopped = true;
      run.process.kill();
    }
    return run.describe();
  }

  /** The kept runs (running and finished), oldest first. */
  public List<TaskRun> history(String workspaceId) {
    return runs(workspaceId).describe();
  }

  /**
   * Replays the kept runs to {@code listener} (started, output, exited), then streams new ones.
   *
   * @return closing it unsubscribes
   */
  public AutoCloseable subscribe(String workspaceId, TaskListener listener) {
    return runs(workspaceId).subscribe(listener);
  }

  private void stopAll(String workspaceId) {
    WorkspaceRuns runs = byWorkspace.get(workspaceId);
    if (runs != null) {
      for (Run run : runs.all()) {
        if (run.running()) {
          run.process.kill();
        }
      }
    }
  }

  private WorkspaceRuns runs(String workspaceId) {
    return byWorkspace.computeIfAbsent(
        workspaceId, k -> new WorkspaceRuns(properties.retainedRuns()));
  }

  private Stack stack(String workspaceId) {
    return workspaces
        .effectiveStack(workspaceId)
        .orElseThrow(
            () ->
                new AtelierException(
                    ErrorCode.WORKSPACE_NOT_FOUND, "No workspace with id '" + workspaceId + "'."));
  }

  @Override
  public void destroy() {
    for (AutoCloseable subscription : subscriptions) {
      try {
        subscription.close();
      } catch (Exception e) {
        log.debug("Unsubscribing failed", e);
      }
    }
    byWorkspace.keySet().forEach(this::stopAll);
  }
}
