package dev.atelier.runtime.local;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest.PtySize;
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
 * A process of a local workspace: plain pipes through {@link ProcessBuilder}, or a PTY through
 * pty4j. Killing takes its whole tree: the descendants of the launched process plus every process
 * of the sessions it and its children lead (a sandboxed process's parent is {@code nsenter}, and
 * what a terminal backgrounds may be re-parented away from the tree but stays in the session).
 */
final class LocalExecProcess implements ExecProcess {

  private static final long OWN_SESSION = ProcTable.sessionId(ProcessHandle.current().pid());

  private final Process process;

  /** pty4j's process does not support {@link Process#toHandle()}: go through the pid. */
  private final ProcessHandle handle;

  private final PtyProcess pty;
  private final CompletableFuture<Integer> exit;

  private LocalExecProcess(Process process, PtyProcess pty) {
    this.process = process;
    this.handle = ProcessHandle.of(process.pid()).orElse(null);
    this.pty = pty;
    this.exit = pty == null ? process.onExit().thenApply(Process::exitValue) : waitInThread(pty);
  }

  /** Starts {@code argv} with exactly {@code env}, with a PTY when {@code ptySize} is given. */
  static LocalExecProcess start(
      ProcessSpawner spawner,
      List<String> argv,
      Map<String, String> env,
      Path hostDir,
      PtySize ptySize,
      boolean mergeErrors)
      throws IOException {
    if (ptySize != null) {
      PtyProcessBuilder builder =
          new PtyProcessBuilder(argv.toArray(String[]::new))
              .setEnvironment(env)
              .setDirectory(hostDir.toString())
              .setInitialColumns(Math.max(1, ptySize.columns()))
              .setInitialRows(Math.max(1, ptySize.rows()))
              .setConsole(false)
              .setRedirectErrorStream(true);
      PtyProcess pty = spawner.spawn(builder::start);
      return new LocalExecProcess(pty, pty);
    }
    ProcessBuilder builder = new ProcessBuilder(argv).directory(hostDir.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.redirectErrorStream(mergeErrors);
    return new LocalExecProcess(spawner.spawn(builder::start), null);
  }

  /** pty4j's default onExit would park a common-pool thread per terminal; use a daemon thread. */
  private static CompletableFuture<Integer> waitInThread(PtyProcess pty) {
    CompletableFuture<Integer> future = new CompletableFuture<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                future.complete(pty.waitFor());
              } catch (InterruptedException e) {
                future.completeExceptionally(e);
              }
            },
            "atelier-pty-wait-" + pty.pid());
    waiter.setDaemon(true);
    waiter.start();
    return future;
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
    return pty != null ? InputStream.nullInputStream() : process.getErrorStream();
  }

  @Override
  public boolean hasPty() {
    return pty != null;
  }

  @Override
  public void resize(int columns, int rows) {
    if (pty == null) {
      throw new IllegalStateException("the process has no PTY");
    }
    if (columns < 1 || rows < 1) {
      throw new IllegalArgumentException("a PTY needs at least 1 column and 1 row");
    }
    if (pty.isAlive()) {
      pty.setWinSize(new WinSize(columns, rows));
    }
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
    return "LocalExecProcess[pid=" + process.pid() + (pty != null ? ", pty" : "") + "]";
  }
}
