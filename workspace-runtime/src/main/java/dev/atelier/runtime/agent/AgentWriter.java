package dev.atelier.runtime.agent;

import dev.atelier.agent.Wire;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The frames to one agent, written by a thread of their own. Callers only queue (at most {@link
 * #MAX_QUEUED} bytes): an agent that stops reading its input — stopped with {@code kill -STOP}, say
 * — fills the pipe and blocks this thread, never a caller of the server, and a caller that cannot
 * queue within the timeout fails the connection, which kills the agent.
 */
final class AgentWriter {

  /** Bytes queued at most: a full window of data plus room for control frames. */
  static final int MAX_QUEUED = Wire.WINDOW + 256 * 1024;

  private record Frame(byte type, int channel, byte[] payload, int length) {}

  private final DataOutputStream out;
  private final Duration timeout;
  private final Consumer<String> fail;
  private final ArrayDeque<Frame> queue = new ArrayDeque<>();
  private long queued;
  private boolean closed;

  /**
   * @param fail called with a reason when the agent does not take frames in time or the pipe breaks
   */
  AgentWriter(String workspaceId, OutputStream toAgent, Duration timeout, Consumer<String> fail) {
    // room for a whole frame of stream data: header and payload leave in one write
    this.out = new DataOutputStream(new BufferedOutputStream(toAgent, Wire.CHUNK + 64));
    this.timeout = timeout;
    this.fail = fail;
    Thread thread = new Thread(this::run, "atelier-agent-writer-" + workspaceId);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues a frame; waits for room at most the timeout, then fails the connection. */
  void send(byte type, int channel, byte[] payload, int length) throws IOException {
    long cost = length + 9L;
    synchronized (this) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!closed && queued > 0 && queued + cost > MAX_QUEUED) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          closed = true;
          notifyAll();
          break;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted");
        }
      }
      if (!closed) {
        // a copy: the caller may reuse its array once this returns (a proxy's buffer, say)
        queue.addLast(new Frame(type, channel, java.util.Arrays.copyOf(payload, length), length));
        queued += cost;
        notifyAll();
        return;
      }
    }
    fail.accept("stopped reading its input");
    throw new IOException("the workspace agent does not take input");
  }

  /** Stops writing; queued frames are dropped. */
  synchronized void close() {
    closed = true;
    queue.clear();
    queued = 0;
    notifyAll();
  }

  private void run() {
    try {
      while (true) {
        Frame frame;
        boolean last;
        synchronized (this) {
          while (queue.isEmpty() && !closed) {
            wait();
          }
          if (closed) {
            return;
          }
          frame = queue.removeFirst();
          last = queue.isEmpty();
        }
        Wire.write(out, frame.type(), frame.channel(), frame.payload(), frame.length());
        if (last) {
          out.flush();
        }
        synchronized (this) {
          queued -= frame.length() + 9L;
          notifyAll();
        }
      }
    } catch (IOException | RuntimeException e) {
      // a broken pipe, or a transport that reports it unchecked (the Kubernetes exec stream)
      close();
      fail.accept("stopped");
    } catch (InterruptedException e) {
      close();
    }
  }
}
