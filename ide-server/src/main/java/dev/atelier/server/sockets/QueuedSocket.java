package dev.atelier.server.sockets;

import io.undertow.websockets.jsr.UndertowSession;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.xnio.XnioIoThread;

/**
 * {@link SocketSpec.Outbound#queued}: frames are queued and written with the container's
 * asynchronous send, one at a time, so a caller (the collaboration hub sends while holding a room's
 * lock) never waits for a client. More than the buffer queued closes the socket.
 *
 * <p>Frames queued from other threads are started on the socket's own I/O thread, handed over in
 * batches: one wake-up of an I/O thread sends to all of its sockets that have something queued,
 * instead of one wake-up per frame, which is what the container's asynchronous send does from a
 * foreign thread.
 *
 * <p>With a {@link SocketSpec.Coalescer}, a client that falls behind (several mergeable frames
 * queued while one is being written) gets them merged into one frame; others are sent as they are,
 * in order.
 */
final class QueuedSocket extends ManagedSocket implements SendHandler {

  private static final Logger log = LoggerFactory.getLogger(QueuedSocket.class);

  /** Largest merged frame (a client far behind gets several). */
  private static final long MAX_MERGED_BYTES = 1 << 20;

  /** A queued frame: binary, or text (the async remote sends each as what it is). */
  private record Frame(byte[] bytes, boolean text) {}

  private final jakarta.websocket.Session nativeSession;
  private final long bufferLimit;
  private final SocketSpec.Coalescer coalescer;
  private final Queue<Frame> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicBoolean sending = new AtomicBoolean();
  private volatile long sendStartedNanos;
  // The socket's I/O thread (Undertow) and its batch, or null when the container does not tell.
  private final XnioIoThread ioThread;
  private final IoThreadBatch ioBatch;

  QueuedSocket(WebSocketSession session, long bufferLimit, SocketSpec.Coalescer coalescer) {
    super(session);
    this.nativeSession =
        session instanceof NativeWebSocketSession n
            ? n.getNativeSession(jakarta.websocket.Session.class)
            : null;
    if (nativeSession == null) {
      throw new IllegalStateException("queued sockets need a JSR-356 (jakarta.websocket) session");
    }
    this.bufferLimit = bufferLimit;
    this.coalescer = coalescer;
    this.ioThread =
        nativeSession instanceof UndertowSession u ? u.getWebSocketChannel().getIoThread() : null;
    this.ioBatch = ioThread == null ? null : IoThreadBatch.of(ioThread);
  }

  @Override
  public boolean sendText(String text) {
    return enqueue(new Frame(text.getBytes(StandardCharsets.UTF_8), true));
  }

  @Override
  public boolean sendBinary(byte[] data) {
    return enqueue(new Frame(data, false));
  }

  private boolean enqueue(Frame frame) {
    if (closing()) {
      return false;
    }
    if (queuedBytes.addAndGet(frame.bytes().length) > bufferLimit) {
      close(
          new CloseStatus(
              SocketCloses.SLOW_CONSUMER.getCode(),
              "the client did not read " + bufferLimit + " bytes; reconnect to resync"));
      return false;
    }
    queue.add(frame);
    if (ioThread == null || Thread.currentThread() == ioThread) {
      drain();
    } else {
      ioBatch.schedule(this);
    }
    return true;
  }

  /**
   * The sockets of one I/O thread that have frames queued by other threads; drained in one task on
   * that thread.
   */
  private static final class IoThreadBatch implements Runnable {
    // Weak: a stopped server's I/O threads go away with it (tests start many servers).
    private static final Map<XnioIoThread, IoThreadBatch> BATCHES =
        Collections.synchronizedMap(new WeakHashMap<>());

    private final XnioIoThread thread;
    private final Queue<QueuedSocket> ready = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    private IoThreadBatch(XnioIoThread thread) {
      this.thread = thread;
    }

    static IoThreadBatch of(XnioIoThread thread) {
      return BATCHES.computeIfAbsent(thread, IoThreadBatch::new);
    }

    void schedule(QueuedSocket socket) {
      ready.add(socket);
      if (scheduled.compareAndSet(false, true)) {
        try {
          thread.execute(this);
        } catch (RejectedExecutionException e) {
          // The server is stopping: send from here, as the container would.
          scheduled.set(false);
          run();
        }
      }
    }

    @Override
    public void run() {
      // Cleared first: a socket added from now on schedules another run.
      scheduled.set(false);
      for (QueuedSocket s; (s = ready.poll()) != null; ) {
        s.drain();
      }
    }
  }

  private void drain() {
    while (!closing() && !queue.isEmpty() && sending.compareAndSet(false, true)) {
      Frame next = queue.poll();
      if (next == null) {
        sending.set(false);
        continue;
      }
      queuedBytes.addAndGet(-next.bytes().length);
      if (!next.text() && coalescer != null && coalescer.mergeable(next.bytes())) {
        next = mergeQueued(next);
        if (next == null) {
          sending.set(false);
          return;
        }
      }
      sendStartedNanos = System.nanoTime();
      try {
        if (next.text()) {
          nativeSession
              .getAsyncRemote()
              .sendText(new String(next.bytes(), StandardCharsets.UTF_8), this);
        } else {
          nativeSession.getAsyncRemote().sendBinary(ByteBuffer.wrap(next.bytes()), this);
        }
      } catch (RuntimeException e) {
        sendStartedNanos = 0;
        sending.set(false);
        failed(e);
      }
      return;
    }
  }

  /**
   * Takes the mergeable frames queued right behind {@code first} and merges them with it. Only the
   * draining thread polls the queue, so what it peeks stays there until it polls.
   */
  private Frame mergeQueued(Frame first) {
    List<byte[]> run = null;
    long bytes = first.bytes().length;
    for (Frame peeked = queue.peek();
        peeked != null
            && !peeked.text()
            && coalescer.mergeable(peeked.bytes())
            && bytes + peeked.bytes().length <= MAX_MERGED_BYTES;
        peeked = queue.peek()) {
      if (run == null) {
        run = new ArrayList<>();
        run.add(first.bytes());
      }
      queue.poll();
      queuedBytes.addAndGet(-peeked.bytes().length);
      bytes += peeked.bytes().length;
      run.add(peeked.bytes());
    }
    if (run == null) {
      return first;
    }
    try {
      return new Frame(coalescer.merge(run), false);
    } catch (RuntimeException e) {
      // Only a bug gets here (the caller queues frames it encoded itself); the client resyncs on
      // reconnect.
      log.warn("socket {}: cannot merge queued frames", id(), e);
      close(SocketCloses.serverError("the server could not send updates; reconnect to resync"));
      return null;
    }
  }

  /** Completion of one asynchronous send: start the next. */
  @Override
  public void onResult(SendResult result) {
    sendStartedNanos = 0;
    sending.set(false);
    if (!result.isOK()) {
      failed(result.getException());
      return;
    }
    drain();
  }

  @Override
  long sendingForMillis() {
    long started = sendStartedNanos;
    return started == 0 ? 0 : (System.nanoTime() - started) / 1_000_000;
  }

  @Override
  void discardQueued() {
    queue.clear();
  }

  @Override
  void closeSession(CloseStatus status) throws IOException {
    session.close(status);
  }
}
