package dev.atelier.runtime.local;

import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import dev.atelier.stacks.Command;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs a stack lifecycle command ({@code postCreateCommand}, {@code postStartCommand}) in the
 * workspace to completion, through the workspace's agent like every other process (the agent is the
 * only process the server starts in the sandbox itself). Its stderr joins its stdout inside the
 * workspace, so the quoted tail keeps the order the command wrote in. A non-zero exit fails the
 * start with {@code COMMAND_FAILED} quoting the end of the command's output.
 */
final class LifecycleCommand {

  private static final int TAIL_BYTES = 8192;
  private static final int TAIL_LINES = 20;

  private LifecycleCommand() {}

  /**
   * @param deadlineNanos {@link System#nanoTime()} by which the start must be done
   * @param cancelled polled while the command runs; when true it is killed and {@code onCancel}
   *     thrown
   */
  static void run(
      WorkspaceSession session,
      String name,
      Command command,
      long deadlineNanos,
      Supplier<WorkspaceRuntimeException> onTimeout,
      BooleanSupplier cancelled,
      Supplier<WorkspaceRuntimeException> onCancel) {
    // stderr joins stdout inside the workspace, so the tail keeps the order the command wrote in
    List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\" 2>&1", "sh"));
    argv.addAll(command.toArgv());
    ExecProcess process = session.execThroughAgent(new ExecRequest(argv, Map.of(), null, null));
    OutputTail tail = new OutputTail(TAIL_BYTES);
    Thread out = drainer(name, process.stdout(), tail);
    Thread errors = drainer(name, process.stderr(), tail);
    try {
      process.stdin().close();
    } catch (IOException e) {
      // it does not read its input anyway
    }
    int exit;
    while (true) {
      if (cancelled.getAsBoolean()) {
        process.kill();
        throw onCancel.get();
      }
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining <= 0) {
        process.kill();
        throw onTimeout.get();
      }
      try {
        exit =
            process
                .onExit()
                .get(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
        break;
      } catch (TimeoutException e) {
        // poll again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.kill();
        throw onCancel.get();
      } catch (ExecutionException e) {
        throw new WorkspaceRuntimeException(
            ErrorCode.START_FAILED, name + " could not be run", e.getCause());
      }
    }
    try {
      out.join(2000);
      errors.join(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (exit != 0) {
      String output = tail.text().strip();
      throw new WorkspaceRuntimeException(
          ErrorCode.COMMAND_FAILED,
          name
              + " ("
              + describe(command)
              + ") exited with code "
              + exit
              + (output.isEmpty()
                  ? " and printed nothing"
                  : ":\n" + OutputTail.lastLines(output, TAIL_LINES)));
    }
  }

  private static String describe(Command command) {
    return command.shell() != null ? command.shell() : String.join(" ", command.argv());
  }

  /** Reads one of the command's outputs into the tail both share (stderr mixed into stdout). */
  private static Thread drainer(String name, InputStream in, OutputTail tail) {
    Thread reader = new Thread(() -> drain(in, tail), "atelier-" + name);
    reader.setDaemon(true);
    reader.start();
    return reader;
  }

  private static void drain(InputStream in, OutputTail tail) {
    byte[] buffer = new byte[4096];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        tail.append(buffer, 0, n);
      }
    } catch (IOException e) {
      // the process was killed
    }
  }
}
