package dev.atelier.runtime.agent;

import dev.atelier.agent.Wire;
import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process the workspace agent runs inside the workspace ({@link Wire#OP_EXEC}): stdin, stdout and
 * (without a PTY) stderr are flow-controlled streams of the agent's connection; resize and signals
 * are calls of their own. The agent's events are checked — one exit code of 0-255, then done,
 * nothing else — and any other event ends the agent's connection. When the connection ends before
 * the process did, {@link #onExit()} fails with {@code AGENT_UNAVAILABLE} and the streams with the
 * reason; {@link #kill()} closes the channel, on which the agent kills the process and everything
 * it started.
 */
public final class AgentExecProcess implements ExecProcess {

  private static final Logger log = LoggerFactory.getLogger(AgentExecProcess.class);

  /** The exit code reported after {@link #kill()} when the agent's was not in yet (SIGKILL). */
  static final int KILLED = 128 + 9;

  private final AgentConnection agent;
  private final boolean pty;
  private final AgentConnection.Pending errors;
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private final AtomicBoolean killed = new AtomicBoolean();
  private final InputStream stdout = readable(() -> this.call.stream.input());
  private final InputStream stderr;
  private volatile AgentConnection.Pending call;
  private boolean exitSeen;
  private boolean doneSeen;

  private AgentExecProcess(AgentConnection agent, boolean pty, AgentConnection.Pending errors) {
    this.agent = agent;
    this.pty = pty;
    this.errors = errors;
    this.stderr = pty ? InputStream.nullInputStream() : readable(errors.stream::input);
  }

  /**
   * Asks the agent to run {@code request} with exactly the variables in {@code env} on top of its
   * own environment (the request's are expected to be in {@code env} already).
   *
   * @throws WorkspaceRuntimeException {@code FILE_NOT_FOUND} or {@code PATH_OUTSIDE_WORKSPACE} for
   *     the working folder, {@code START_FAILED} when the command cannot start, {@code
   *     AGENT_UNAVAILABLE} when the agent does not answer
   */
  public static AgentExecProcess start(
      AgentConnection agent, ExecRequest request, Map<String, String> env) {
    String cwd = AgentFiles.normalize(request.cwd());
    Wire.Payload args = new Wire.Payload();
    AgentConnection.Pending errors = agent.open(0);
    AgentExecProcess process = new AgentExecProcess(agent, request.pty() != null, errors);
    try {
      args.i32(errors.channel).i32(request.command().size());
      request.command().forEach(args::utf);
      args.i32(env.size());
      env.forEach((name, value) -> args.utf(name).utf(value));
      args.utf(cwd).bool(request.pty() != null);
      if (request.pty() != null) {
        args.i32(request.pty().columns()).i32(request.pty().rows());
      }
    } catch (IllegalArgumentException e) {
      errors.close();
      throw tooLarge(request);
    }
    if (args.bytes().length > Wire.MAX_PAYLOAD - 16) {
      errors.close();
      throw tooLarge(request);
    }
    AgentConnection.Pending call;
    try {
      call = agent.call(Wire.OP_EXEC, args, 0, process::onEvent);
    } catch (RuntimeException e) {
      errors.close();
      throw e;
    }
    try {
      call.result(agent.callTimeout());
    } catch (RuntimeException e) {
      call.close();
      errors.close();
      throw e;
    }
    process.started(call);
    return process;
  }

  private static WorkspaceRuntimeException tooLarge(ExecRequest request) {
    return new WorkspaceRuntimeException(
        ErrorCode.START_FAILED,
        "cannot start "
            + AgentErrors.printable(request.command().get(0))
            + ": its arguments and environment are too large (at most 64 KB each, 1 MB in all)");
  }

  private void started(AgentConnection.Pending running) {
    synchronized (this) {
      call = running;
    }
    running.ended.whenComplete((ignored, failure) -> ended());
    forgetIfDone();
  }

  /** An event of the agent on the exec's channel (the connection's reader thread). */
  private void onEvent(Wire.Frame frame) {
    byte[] payload = frame.payload();
    if (payload.length == 0) {
      throw new IllegalStateException("an empty exec event");
    }
    synchronized (this) {
      switch (payload[0]) {
        case Wire.EXEC_EXITED -> {
          if (exitSeen || payload.length != 5) {
            throw new IllegalStateException("a second or malformed exit event");
          }
          int code;
          try {
            DataInputStream in = Wire.reader(payload);
            in.readByte();
            code = in.readInt();
          } catch (IOException e) {
            throw new IllegalStateException("a malformed exit event");
          }
          if (code < 0 || code > 255) {
            throw new IllegalStateException("exit code " + code + " out of range");
          }
          exitSeen = true;
          exit.complete(code);
        }
        case Wire.EXEC_DONE -> {
          if (!exitSeen || doneSeen || payload.length != 1) {
            throw new IllegalStateException("an exec done before its exit, or twice");
          }
          doneSeen = true;
        }
        default -> throw new IllegalStateException("an unknown exec event " + payload[0]);
      }
    }
    forgetIfDone();
  }

  /** After done the agent sends nothing more on either channel: forget them (no close needed). */
  private void forgetIfDone() {
    AgentConnection.Pending running;
    synchronized (this) {
      if (!doneSeen || call == null) {
        return;
      }
      running = call;
    }
    agent.forget(running);
    agent.forget(errors);
  }

  /** The channel ended: by done, by kill, or because the agent or its connection went away. */
  private void ended() {
    if (exit.isDone()) {
      return;
    }
    if (killed.get() || "closed".equals(agent.onClose().getNow(""))) {
      exit.complete(KILLED); // killed, or the workspace stopped (which closes its agent)
      return;
    }
    errors.stream.aborted("the workspace agent ended the process");
    exit.completeExceptionally(
        new WorkspaceRuntimeException(
            ErrorCode.AGENT_UNAVAILABLE,
            "the workspace agent stopped and the process ended with it; run it again (the agent"
                + " is restarted)"));
  }

  @Override
  public OutputStream stdin() {
    return call.stream.output();
  }

  @Override
  public InputStream stdout() {
    return stdout;
  }

  @Override
  public InputStream stderr() {
    return stderr;
  }

  /**
   * An output stream of the process whose {@code close()} does not close the channel (that would
   * kill the process, and a reader's try-with-resources closes at the end of the stream): it drains
   * what still comes on a thread of its own, so the process is never held up by a full window.
   */
  private static InputStream readable(java.util.function.Supplier<InputStream> source) {
    return new java.io.FilterInputStream(null) {
      private boolean closed;

      private InputStream in() throws IOException {
        if (closed) {
          throw new IOException("stream closed");
        }
        return source.get();
      }

      @Override
      public int read() throws IOException {
        return in().read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return in().read(b, off, len);
      }

      @Override
      public int available() throws IOException {
        return in().available();
      }

      @Override
      public void close() {
        if (closed) {
          return;
        }
        closed = true;
        Thread drain =
            new Thread(
                () -> {
                  try {
                    source.get().transferTo(OutputStream.nullOutputStream());
                  } catch (IOException e) {
                    // the channel ended
                  }
                },
                "atelier-exec-drain");
        drain.setDaemon(true);
        drain.start();
      }
    };
  }

  @Override
  public boolean hasPty() {
    return pty;
  }

  @Override
  public void resize(int columns, int rows) {
    if (!pty) {
      throw new IllegalStateException("the process has no PTY");
    }
    if (columns < 1 || rows < 1) {
      throw new IllegalArgumentException("a PTY needs at least 1 column and 1 row");
    }
    if (isAlive()) {
      send(
          Wire.OP_RESIZE,
          new Wire.Payload()
              .i32(call.channel)
              .i32(Math.min(columns, 10_000))
              .i32(Math.min(rows, 10_000)));
    }
  }

  @Override
  public void signal(Signal signal) {
    if (isAlive()) {
      send(Wire.OP_SIGNAL, new Wire.Payload().i32(call.channel).u8(signal.number()));
    }
  }

  /** A call whose answer nobody waits for: resize and signals must not block a terminal. */
  private void send(byte op, Wire.Payload args) {
    try {
      agent
          .requestAsync(op, args)
          .whenComplete(
              (reply, failure) -> {
                if (failure != null) {
                  log.debug("Exec call {} failed: {}", op, failure.getMessage());
                }
              });
    } catch (WorkspaceRuntimeException e) {
      log.debug("Exec call {} failed: {}", op, e.getMessage());
    }
  }

  @Override
  public CompletableFuture<Integer> onExit() {
    return exit;
  }

  @Override
  public boolean isAlive() {
    return !exit.isDone();
  }

  /** Closes the channel: the agent kills the process and everything it started. */
  @Override
  public void kill() {
    if (!killed.compareAndSet(false, true)) {
      return;
    }
    synchronized (this) {
      if (doneSeen) {
        return; // the agent has killed what was left already; unread output stays readable
      }
    }
    call.close();
    errors.close();
  }

  @Override
  public String toString() {
    return "AgentExecProcess[channel=" + call.channel + (pty ? ", pty" : "") + "]";
  }
}
