package dev.atelier.runtime.kubernetes;

import dev.atelier.runtime.spi.ExecProcess;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.FilterInputStream;
import java.io.IOException;
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
  private final InputStream stdout;
  private final InputStream stderr;

  PodExecProcess(ExecWatch watch, boolean pty, Runnable killer) {
    this.watch = watch;
    this.pty = pty;
    this.killer = killer;
    this.exit =
        watch
            .exitCode()
            .handle(
                (code, failure) -> code != null && code >= 0 ? code : killed.get() ? KILLED : -1);
    this.stdout = new EndOfOutput(watch.getOutput());
    this.stderr = pty ? InputStream.nullInputStream() : new EndOfOutput(watch.getError());
  }

  /**
   * fabric8 fails a redirected stream with {@code IOException("closed")} at its end when the exit
   * code is not 0; callers expect the end of output there, and the exit code from {@link #onExit}.
   */
  private final class EndOfOutput extends FilterInputStream {
    EndOfOutput(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        return endOrThrow(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        return endOrThrow(e);
      }
    }

    private int endOrThrow(IOException e) throws IOException {
      if (watch.exitCode().isDone() && !watch.exitCode().isCompletedExceptionally()) {
        return -1;
      }
      throw e;
    }
  }

  @Override
  public OutputStream stdin() {
    return watch.getInput();
  }

  @Override
  public InputStream stdout() {
    return stdout;
  }

  @Override
  public InputStream stderr() {
    return stderr;
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
      throw new IllegalArgumentException(
          "a terminal needs at least one column and row, got " + columns + "x" + rows);
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
