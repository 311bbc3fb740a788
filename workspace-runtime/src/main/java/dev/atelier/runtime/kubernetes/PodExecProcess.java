package dev.atelier.runtime.kubernetes;

import dev.atelier.runtime.spi.ExecProcess;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A process started through the API server's exec. Kubernetes does not end a process when its exec
 * stream closes, so {@link #kill} runs {@link PodScripts#KILL} in the pod before closing it.
 */
final class PodExecProcess implements ExecProcess {

  /** Exit code reported when the stream ended without a status because the process was killed. */
  static final int KILLED = 137;

  private final ExecWatch watch;
  private final boolean pty;
  private final Runnable killer;
  private final AtomicBoolean killed = new AtomicBoolean();
  private final CompletableFuture<Integer> exit;

  PodExecProcess(ExecWatch watch, boolean pty, Runnable killer) {
    this.watch = watch;
    this.pty = pty;
    this.killer = killer;
    this.exit =
        watch
            .exitCode()
            .handle((code, failure) -> code != null && code >= 0 ? code : killed.get() ? KILLED : -1);
  }

  @Override
  public OutputStream stdin() {
    return watch.getInput();
  }

  @Override
  public InputStream stdout() {
    return watch.getOutput();
  }

  @Override
  public InputStream stderr() {
    return pty ? InputStream.nullInputStream() : watch.getError();
  }

  @Override
  public boolean hasPty() {
    return pty;
  }

  @Override
  public void resize(int columns, int rows) {
    if (!pty) {
      throw new IllegalStateException("the process has no PTY to resize");
    }
    if (columns <= 0 || rows <= 0) {
      throw new IllegalArgumentException("a terminal needs at least one column and row, got " + columns + "x" + rows);
    }
    watch.resize(columns, rows);
  }

  @Override
  public CompletableFuture<Integer> onExit() {
    return exit;
  }

  @Override
  public boolean isAlive() {
    return !exit.isDone();
  }

  @Override
  public void kill() {
    if (!killed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (!exit.isDone()) {
        killer.run();
      }
    } finally {
      watch.close();
    }
  }
}
