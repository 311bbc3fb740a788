package dev.atelier.runtime.agent;

import dev.atelier.agent.StreamChannel;
import dev.atelier.agent.Wire;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's end of one workspace agent's connection: a thread reads frames and hands each to its
 * channel, callers send under one lock. The agent is not trusted: a frame it must not send (a call,
 * a second hello, a reply twice, more data than its window, anything over {@link Wire#MAX_PAYLOAD})
 * ends the connection, and every operation waiting on it fails with {@code AGENT_UNAVAILABLE} — the
 * server itself carries on, and the runtime starts a new agent on the next use.
 */
public final class AgentConnection implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AgentConnection.class);

  /** How long an operation waits for its reply, and a file read for its next bytes. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final String workspaceId;
  private final DataInputStream in;
  private final AgentWriter out;
  private final Runnable kill;
  private final Duration callTimeout;
  private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicInteger channels = new AtomicInteger();
  private final CompletableFuture<Void> hello = new CompletableFuture<>();
  private final CompletableFuture<String> closed = new CompletableFuture<>();
  private final Thread reader;

  /**
   * Starts reading the agent's frames.
   *
   * @param fromAgent the agent's standard output
   * @param toAgent the agent's standard input
   * @param kill ends the agent process (called when the connection is closed or broken)
   */
  public AgentConnection(
      String workspaceId, InputStream fromAgent, OutputStream toAgent, Runnable kill) {
    this(workspaceId, fromAgent, toAgent, kill, CALL_TIMEOUT);
  }

  /** As above, with another timeout for replies and reads (tests). */
  public AgentConnection(
      String workspaceId,
      InputStream fromAgent,
      OutputStream toAgent,
      Runnable kill,
      Duration callTimeout) {
    this.callTimeout = callTimeout;
    this.workspaceId = workspaceId;
    this.in = new DataInputStream(new BufferedInputStream(fromAgent, 1 << 16));
    this.kill = kill;
    this.out = new AgentWriter(workspaceId, toAgent, callTimeout, this::fail);
    this.reader = new Thread(this::readLoop, "atelier-agent-" + workspaceId);
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Waits for the agent's hello.
   *
   * @throws WorkspaceRuntimeException {@code AGENT_UNAVAILABLE} when it does not come in time or
   *     names another protocol version
   */
  public void awaitReady(Duration timeout) {
    try {
      hello.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      fail("did not start within " + timeout.toSeconds() + " s");
      throw unavailable();
    } catch (ExecutionException e) {
      throw unavailable();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable();
    }
  }

  Duration callTimeout() {
    return callTimeout;
  }

  /** Whether the connection still works. */
  public boolean isOpen() {
    return !closed.isDone();
  }

  /** Completes with the reason when the connection ends. */
  public CompletableFuture<String> onClose() {
    return closed;
  }

  /** One operation on its own channel. */
  final class Pending {
    final int channel;
    final CompletableFuture<DataInputStream> reply = new CompletableFuture<>();

    /** Completes when the channel ends: closed by either side, or the connection broke. */
    final CompletableFuture<Void> ended = new CompletableFuture<>();

    final StreamChannel stream;
    final Consumer<Wire.Frame> events;

    Pending(int channel, long readTimeoutMillis, Consumer<Wire.Frame> events) {
      this.channel = channel;
      this.stream = new StreamChannel(channel, AgentConnection.this::send, readTimeoutMillis);
      this.events = events;
    }

    /**
     * The result of the reply; an error reply becomes the matching {@link
     * WorkspaceRuntimeException}.
     */
    DataInputStream result(Duration timeout) {
      try {
        return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        close();
        throw new WorkspaceRuntimeException(
            ErrorCode.AGENT_UNAVAILABLE,
            "the workspace agent did not answer within " + timeout.toSeconds() + " s");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof WorkspaceRuntimeException error) {
          throw new WorkspaceRuntimeException(error.code(), error.getMessage(), error);
        }
        throw unavailable();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new WorkspaceRuntimeException(ErrorCode.IO, "interrupted");
      }
    }

    /**
     * Forgets a channel the agent has finished by itself (a reply with no stream after it): no
     * {@link Wire#CLOSE} to send, which saves both sides a frame per small read.
     */
    void forget() {
      pending.remove(channel, this);
      ended.complete(null);
    }

    /** Ends the operation: tells the agent, forgets the channel. */
    void close() {
      stream.close();
      pending.remove(channel, this);
      ended.complete(null);
    }
  }

  /**
   * Opens a channel with a call.
   *
   * @param readTimeoutMillis how long a read of the channel's stream waits for data, 0 for ever
   * @param events receives the agent's {@link Wire#EVENT} frames of this channel, or null
   */
  Pending call(byte op, Wire.Payload args, long readTimeoutMillis, Consumer<Wire.Frame> events) {
    if (!isOpen()) {
      throw unavailable();
    }
    int channel = channels.incrementAndGet();
    Pending call = new Pending(channel, readTimeoutMillis, events);
    pending.put(channel, call);
    if (!isOpen()) { // failed meanwhile: fail() may have missed this entry
      pending.remove(channel);
      throw unavailable();
    }
    byte[] arguments = args.bytes();
    byte[] payload = new byte[arguments.length + 1];
    payload[0] = op;
    System.arraycopy(arguments, 0, payload, 1, arguments.length);
    try {
      send(Wire.CALL, channel, payload, payload.length);
    } catch (IOException e) {
      pending.remove(channel);
      throw unavailable();
    }
    return call;
  }

  /**
   * Opens a channel without a call, for a stream the agent sends alongside another operation's (an
   * exec's stderr); it is named in that operation's arguments.
   */
  Pending open(long readTimeoutMillis) {
    if (!isOpen()) {
      throw unavailable();
    }
    int channel = channels.incrementAndGet();
    Pending side = new Pending(channel, readTimeoutMillis, null);
    pending.put(channel, side);
    if (!isOpen()) {
      pending.remove(channel);
      throw unavailable();
    }
    return side;
  }

  /** How many channels are open (tests: nothing leaks). */
  int openChannels() {
    return pending.size();
  }

  /** Forgets a channel the agent has finished with, without closing its stream (still readable). */
  void forget(Pending call) {
    pending.remove(call.channel, call);
    call.ended.complete(null);
  }

  /** An operation whose reply nobody waits for; the channel is forgotten when it comes. */
  CompletableFuture<DataInputStream> requestAsync(byte op, Wire.Payload args) {
    Pending call = call(op, args, callTimeout.toMillis(), null);
    return call.reply
        .orTimeout(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((reply, failure) -> pending.remove(call.channel, call));
  }

  /** A simple operation: sends the call, waits for the reply, forgets the channel. */
  DataInputStream request(byte op, Wire.Payload args) {
    Pending call = call(op, args, callTimeout.toMillis(), null);
    try {
      return call.result(callTimeout);
    } finally {
      pending.remove(call.channel, call);
    }
  }

  private void send(byte type, int channel, byte[] payload, int length) throws IOException {
    out.send(type, channel, payload, length);
  }

  private void readLoop() {
    try {
      Wire.Frame first = Wire.read(in);
      if (first.type() != Wire.HELLO) {
        throw new IOException("the first frame was not a hello");
      }
      int version = Wire.reader(first.payload()).readInt();
      if (version != Wire.VERSION) {
        throw new IOException(
            "it speaks protocol version " + version + ", this server " + Wire.VERSION);
      }
      hello.complete(null);
      while (true) {
        dispatch(Wire.read(in));
      }
    } catch (EOFException e) {
      fail("stopped");
    } catch (IOException | RuntimeException e) {
      fail("sent something invalid (" + e.getMessage() + ")");
    }
  }

  private void dispatch(Wire.Frame frame) throws IOException {
    Pending call = pending.get(frame.channel());
    if (call == null && (frame.channel() <= 0 || frame.channel() > channels.get())) {
      throw new IOException("a frame on channel " + frame.channel() + ", which was never opened");
    }
    switch (frame.type()) {
      case Wire.REPLY -> {
        if (call == null) {
          return; // a late answer to an operation that timed out or was closed
        }
        if (call.reply.isDone()) {
          throw new IOException("a second reply on channel " + frame.channel());
        }
        DataInputStream reply = Wire.reader(frame.payload());
        if (reply.readBoolean()) {
          call.reply.complete(reply);
        } else {
          WorkspaceRuntimeException error = AgentErrors.of(reply.readUTF(), reply.readUTF());
          call.stream.aborted(error.getMessage());
          call.reply.completeExceptionally(error);
        }
      }
      case Wire.DATA -> {
        if (call != null && !call.stream.received(frame.payload())) {
          throw new IOException("more data than its window on channel " + frame.channel());
        }
      }
      case Wire.END -> {
        if (call != null) {
          call.stream.ended();
        }
      }
      case Wire.CREDIT -> {
        int credit = Wire.reader(frame.payload()).readInt();
        if (call != null) {
          call.stream.credited(credit);
        }
      }
      case Wire.CLOSE -> {
        if (call != null) {
          call.stream.aborted("the workspace agent closed the stream");
          pending.remove(frame.channel(), call);
          call.ended.complete(null);
          call.reply.completeExceptionally(
              new WorkspaceRuntimeException(
                  ErrorCode.AGENT_UNAVAILABLE, "the workspace agent gave up the operation"));
        }
      }
      case Wire.EVENT -> {
        if (call != null && call.events != null) {
          call.events.accept(frame);
        }
      }
      default -> throw new IOException("a frame of type " + frame.type() + " it must not send");
    }
  }

  private void fail(String reason) {
    if (!closed.complete(reason)) {
      return;
    }
    if (!"closed".equals(reason)) {
      log.warn("Workspace agent of {} {}", workspaceId, reason);
    }
    kill.run(); // first: whoever wakes up below finds the agent gone
    out.close();
    hello.completeExceptionally(unavailable());
    for (Pending call : pending.values()) {
      call.stream.aborted("the workspace agent " + reason);
      call.reply.completeExceptionally(unavailable());
      call.ended.complete(null);
    }
    pending.clear();
    try {
      in.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private WorkspaceRuntimeException unavailable() {
    String reason = closed.getNow("is not available");
    return new WorkspaceRuntimeException(
        ErrorCode.AGENT_UNAVAILABLE,
        "the agent of workspace "
            + workspaceId
            + " "
            + reason
            + "; it is restarted on the next request — if this repeats, restart the workspace");
  }

  /**
   * The agent's process ended (killed inside the workspace, crashed): what waits on it fails with
   * {@code AGENT_UNAVAILABLE}, unlike {@link #close()}, which the server does on purpose.
   */
  public void agentExited() {
    fail("stopped");
  }

  /** Ends the connection and the agent. */
  @Override
  public void close() {
    fail("closed");
  }
}
