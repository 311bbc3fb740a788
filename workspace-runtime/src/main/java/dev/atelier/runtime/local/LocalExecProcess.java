package dev.atelier.runtime.local;

import dev.atelier.runtime.spi.ExecProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A process the server starts in a local workspace from the host, with plain pipes through {@link
 * ProcessBuilder}: the workspace agent and lifecycle commands (everything else runs through the
 * agent, {@code AgentExecProcess}). Killing takes its whole tree: the descendants of the launched
 * process plus every process of the sessions it and its children lead (a sandboxed process's parent
 * is {@code nsenter}, and what a terminal backgrounds may be re-parented away from the tree but
 * stays in the session).
 */
final class LocalExecProcess implements ExecProcess {

  private static final long OWN_SESSION = ProcTable.sessionId(ProcessHandle.current().pid());

  private final Process process;

  private final ProcessHandle handle;
  private final CompletableFuture<Integer> exit;

  private LocalExecProcess(Process process) {
    this.process = process;
    this.handle = process.toHandle();
    this.exit = process.onExit().thenApply(Process::exitValue);
  }

  /** Starts {@code argv} with exactly {@code env}. */
  static LocalExecProcess start(
      ProcessSpawner spawner,
      List<String> argv,
      Map<String, String> env,
      Path hostDir,
      boolean mergeErrors)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(argv).directory(hostDir.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.redirectErrorStream(mergeErrors);
    return new LocalExecProcess(spawner.spawn(builder::start));
  }

  long pid() {
    return process.pid();
  }

  @Override
  public OutputStream stdin() {
    return process.getOutputStream();
  }

  @Override
  public InputStream stdout() {
    return process.getInputStream();
  }

  @Override
  public InputStream stderr() {
    return process.getErrorStream();
  }

  @Override
  public boolean hasPty() {
    return false;
  }

  @Override
  public void resize(int columns, int rows) {
    throw new IllegalStateException("the process has no PTY");
  }

  @Override
  public CompletableFuture<Integer> onExit() {
    return exit;
  }

  @Override
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Host pids of this process and what it started (for port discovery without a sandbox). */
  Set<Long> treePids() {
    Set<Long> pids = new LinkedHashSet<>();
    if (process.isAlive()) {
      pids.add(process.pid());
    }
    descendants().forEach(p -> pids.add(p.pid()));
    return pids;
  }

  @Override
  public void kill() {
    Set<Long> sessions = new LinkedHashSet<>();
    sessions.add(process.pid());
    if (handle != null) {
      handle.children().forEach(child -> sessions.add(child.pid()));
    }
    sessions.remove(OWN_SESSION);
    for (int round = 0; round < 20; round++) {
      List<ProcessHandle> targets = new ArrayList<>();
      // Deepest first, so that killed parents do not let children slip out of the tree.
      List<ProcessHandle> descendants = descendants();
      for (int i = descendants.size() - 1; i >= 0; i--) {
        targets.add(descendants.get(i));
      }
      for (long sid : sessions) {
        for (long pid : ProcTable.sessionMembers(sid)) {
          ProcessHandle.of(pid).ifPresent(targets::add);
        }
      }
      targets.removeIf(
          p -> p.pid() == ProcessHandle.current().pid() || ProcTable.isZombie(p.pid()));
      targets.forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      if (targets.isEmpty() && !process.isAlive()) {
        break;
      }
      try {
        Thread.sleep(round < 5 ? 2 : 20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
  }

  private List<ProcessHandle> descendants() {
    return handle == null ? List.of() : handle.descendants().toList();
  }

  @Override
  public String toString() {
    return "LocalExecProcess[pid=" + process.pid() + "]";
  }
}
