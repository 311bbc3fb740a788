package dev.atelier.runtime.spi;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * A process running inside a workspace. With a PTY, stdout carries the terminal's combined output
 * and stderr is empty. Closing kills the process tree.
 */
public interface ExecProcess extends AutoCloseable {

  OutputStream stdin();

  InputStream stdout();

  InputStream stderr();

  /** Whether it runs in a PTY (and so {@link #resize} applies). */
  boolean hasPty();

  /**
   * Resizes the PTY.
   *
   * @throws IllegalStateException when the process has no PTY
   */
  void resize(int columns, int rows);

  /** Completes with the exit code when the process ends. */
  CompletableFuture<Integer> onExit();

  boolean isAlive();

  /** Kills the process and everything it started. Idempotent. */
  void kill();

  @Override
  default void close() {
    kill();
  }
}
