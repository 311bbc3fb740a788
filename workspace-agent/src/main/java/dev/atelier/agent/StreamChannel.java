package dev.atelier.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One flow-controlled byte stream in each direction of a channel, used the same way by the agent
 * and the server. The receiving side queues at most {@link Wire#WINDOW} bytes it has not yet handed
 * to its reader and returns {@link Wire#CREDIT} as the reader consumes them; the sending side waits
 * for credit. So neither side buffers without bound, and the thread that reads frames off the
 * connection never blocks on one slow stream.
 *
 * <p>The frame reader calls {@link #received}, {@link #ended}, {@link #credited} and {@link
 * #aborted}; a reader thread uses {@link #input()}, a writer thread {@link #output()}.
 */
public final class StreamChannel {

  /**
   * Sends frames on the shared connection. The payload array stays the caller's, who may reuse it
   * as soon as {@code send} returns: a sink that keeps it longer (a queue) must copy it.
   */
  @FunctionalInterface
  public interface Sink {
    void send(byte type, int channel, byte[] payload, int length) throws IOException;
  }

  private final int id;
  private final Sink sink;
  private final long readTimeoutNanos;
  private long readDeadline; // System.nanoTime() by which the whole input must be read; 0: none
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private int queued;
  private int consumedSinceCredit;
  private boolean inputEnded;
  private int credit = Wire.WINDOW;
  private boolean outputEnded;
  private boolean closed;
  private String failure;

  /**
   * @param readTimeoutMillis how long a read waits for data, and a write for credit, before it
   *     fails; 0 waits for ever
   */
  public StreamChannel(int id, Sink sink, long readTimeoutMillis) {
    this.id = id;
    this.sink = sink;
    this.readTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(readTimeoutMillis);
  }

  public int id() {
    return id;
  }

  /**
   * Bounds the whole input in time, not only each wait: once {@code nanoTime} ({@link
   * System#nanoTime()}) has passed, reads fail even if the peer keeps sending a trickle.
   */
  public synchronized void readDeadline(long nanoTime) {
    readDeadline = nanoTime == 0 ? 1 : nanoTime;
    notifyAll();
  }

  /**
   * The peer sent bytes. A peer that sends more than it was granted breaks the protocol: nothing is
   * queued and the caller must end the channel (or the connection).
   *
   * @return false when the peer exceeded its window
   */
  public synchronized boolean received(byte[] bytes) {
    if (closed || inputEnded) {
      return true; // late data of a finished stream: dropped
    }
    if (queued + bytes.length > Wire.WINDOW) {
      return false; // the caller ends the channel or the whole connection
    }
    if (bytes.length > 0) {
      queue.addLast(bytes);
      queued += bytes.length;
      notifyAll();
    }
    return true;
  }

  /** The peer sends nothing more: readers see the end of the stream once the queue is drained. */
  public synchronized void ended() {
    inputEnded = true;
    notifyAll();
  }

  /** The peer may be sent {@code bytes} more. */
  public synchronized void credited(int bytes) {
    if (bytes > 0) {
      credit = (int) Math.min((long) credit + bytes, Integer.MAX_VALUE);
      notifyAll();
    }
  }

  /**
   * The peer closed the channel: both directions end, blocked threads wake up. Data the peer sent
   * before it ended its stream normally stays readable (a close right after the end is how a
   * finished stream is released, not a loss).
   */
  public synchronized void aborted(String reason) {
    if (closed) {
      return;
    }
    if (inputEnded) {
      outputEnded = true;
      closed = true;
      failure = "closed";
      notifyAll();
      return;
    }
    fail(reason);
  }

  private void fail(String reason) {
    failure = reason;
    closed = true;
    queue.clear();
    queued = 0;
    notifyAll();
  }

  /** Whether both directions are finished (ended or closed). */
  public synchronized boolean finished() {
    return closed || (inputEnded && queue.isEmpty() && outputEnded);
  }

  /** Closes the channel: tells the peer, wakes blocked threads. Idempotent. */
  public void close() {
    boolean send;
    synchronized (this) {
      send = !closed;
      closed = true;
      if (failure == null) {
        failure = "closed";
      }
      queue.clear();
      queued = 0;
      notifyAll();
    }
    if (send) {
      try {
        sink.send(Wire.CLOSE, id, new byte[0], 0);
      } catch (IOException e) {
        // the connection is gone: nothing to tell
      }
    }
  }

  /** The bytes the peer sends; read by one thread. */
  public InputStream input() {
    return input;
  }

  /** Bytes to the peer; written by one thread. Closing it sends {@link Wire#END}. */
  public OutputStream output() {
    return output;
  }

  private final InputStream input =
      new InputStream() {
        private byte[] current;
        private int position;

        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          int n = read(one, 0, 1);
          return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          if (len == 0) {
            return 0;
          }
          if (current == null || position == current.length) {
            current = take();
            position = 0;
            if (current == null) {
              return -1;
            }
          }
          int n = Math.min(len, current.length - position);
          System.arraycopy(current, position, b, off, n);
          position += n;
          return n;
        }

        /** Bytes readable without waiting: the rest of this chunk and what is queued. */
        @Override
        public int available() {
          int rest = current == null ? 0 : current.length - position;
          synchronized (StreamChannel.this) {
            return rest + queued;
          }
        }

        @Override
        public void close() {
          StreamChannel.this.close();
        }
      };

  /** The next queued chunk, or null at the end of the stream; returns credit as it goes. */
  private byte[] take() throws IOException {
    byte[] chunk;
    int grant = 0;
    synchronized (this) {
      long deadline = System.nanoTime() + readTimeoutNanos;
      while (true) {
        if (readDeadline != 0 && System.nanoTime() - readDeadline >= 0) {
          throw new InterruptedIOException("the stream took longer than its deadline");
        }
        if (!queue.isEmpty() || inputEnded || closed) {
          break;
        }
        try {
          long left = readTimeoutNanos == 0 ? Long.MAX_VALUE : deadline - System.nanoTime();
          if (left <= 0) {
            throw new InterruptedIOException(
                "no data within " + TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos) + " ms");
          }
          if (readDeadline != 0) {
            left = Math.min(left, readDeadline - System.nanoTime());
          }
          if (left == Long.MAX_VALUE) {
            wait();
          } else if (left > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted");
        }
      }
      if (queue.isEmpty()) {
        if (closed && !"closed".equals(failure)) {
          throw new IOException(failure);
        }
        return null;
      }
      chunk = queue.removeFirst();
      queued -= chunk.length;
      consumedSinceCredit += chunk.length;
      if (consumedSinceCredit >= Wire.WINDOW / 4 && !inputEnded && !closed) {
        grant = consumedSinceCredit;
        consumedSinceCredit = 0;
      }
    }
    if (grant > 0) {
      sink.send(Wire.CREDIT, id, new Wire.Payload().i32(grant).bytes(), 4);
    }
    return chunk;
  }

  private final OutputStream output =
      new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          while (len > 0) {
            int n = reserve(Math.min(len, Wire.CHUNK));
            sink.send(
                Wire.DATA, id, off == 0 ? b : java.util.Arrays.copyOfRange(b, off, off + n), n);
            off += n;
            len -= n;
          }
        }

        @Override
        public void close() throws IOException {
          boolean send;
          synchronized (StreamChannel.this) {
            send = !outputEnded && !closed;
            outputEnded = true;
          }
          if (send) {
            sink.send(Wire.END, id, new byte[0], 0);
          }
        }
      };

  /** Waits for credit and takes up to {@code wanted} bytes of it. */
  private synchronized int reserve(int wanted) throws IOException {
    long deadline = System.nanoTime() + readTimeoutNanos;
    while (credit == 0 && !closed && !outputEnded) {
      try {
        if (readTimeoutNanos == 0) {
          wait();
        } else {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new InterruptedIOException(
                "the peer took no data for "
                    + TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos)
                    + " ms");
          }
          TimeUnit.NANOSECONDS.timedWait(this, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      }
    }
    if (closed) {
      throw new IOException(failure == null ? "closed" : failure);
    }
    if (outputEnded) {
      throw new IOException("stream already ended");
    }
    int n = Math.min(wanted, credit);
    credit -= n;
    return n;
  }
}
