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

  /** Signals {@link #signal} can send. */
  enum Signal {
    HUP(1),
    INT(2),
    KILL(9),
    TERM(15);

    private final int number;

    Signal(int number) {
      this.number = number;
    }

    /** The POSIX signal number. */
    public int number() {
      return number;
    }
  }

  /**
   * Sends a signal as a terminal would: with a PTY to the terminal's foreground job (the shell's
   * group when none runs), without one to the process's group; {@link Signal#KILL} kills everything
   * the process started. Does nothing once it ended.
   *
   * @throws UnsupportedOperationException where the runtime cannot send signals
   */
  default void signal(Signal signal) {
    throw new UnsupportedOperationException("this process cannot be sent signals");
  }

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
