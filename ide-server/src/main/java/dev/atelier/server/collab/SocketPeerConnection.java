package dev.atelier.server.collab;

import dev.atelier.collab.hub.CloseCodes;
import dev.atelier.collab.hub.PeerConnection;
import dev.atelier.collab.protocol.SyncProtocol;
import io.undertow.websockets.jsr.UndertowSession;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 * A hub peer's WebSocket: frames are queued and written with the container's asynchronous send, one
 * at a time, so the hub (which sends while holding a room's lock) never waits for a client. A peer
 * whose queue grows past the configured buffer is closed instead of holding server memory.
 *
 * <p>Frames the hub queues from other threads (its commit threads relay updates once they are
 * durable) are started on the socket's own I/O thread, handed over in batches: one wake-up of an
 * I/O thread sends to all of its peers that have something queued, instead of one wake-up per
 * frame, which is what the container's asynchronous send does from a foreign thread.
 *
 * <p>A peer that falls behind (several update frames queued while one is being written) gets them
 * merged into one update frame: fewer messages exactly when the server is busiest, and the same
 * document on the client. Other frames (sync step 2, awareness) are sent as they are, in order.
 */
final class SocketPeerConnection implements PeerConnection, SendHandler {

  private static final Logger log = LoggerFactory.getLogger(SocketPeerConnection.class);

  private final WebSocketSession session;
  private final jakarta.websocket.Session nativeSession;
  private final long bufferLimit;

  /** Largest merged update frame (a peer far behind gets several). */
  private static final long MAX_MERGED_BYTES = 1 << 20;

  private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicBoolean sending = new AtomicBoolean();
  // The socket's I/O thread (Undertow) and its batch, or null when the container does not tell.
  private final XnioIoThread ioThread;
  private final IoThreadBatch ioBatch;
  private volatile boolean closed;

  SocketPeerConnection(WebSocketSession session, long bufferLimit) {
    this.session = session;
    this.nativeSession =
        session instanceof NativeWebSocketSession n
            ? n.getNativeSession(jakarta.websocket.Session.class)
            : null;
    if (nativeSession == null) {
      throw new IllegalStateException("collab sockets need a JSR-356 (jakarta.websocket) session");
    }
    this.bufferLimit = bufferLimit;
    this.ioThread =
        nativeSession instanceof UndertowSession u ? u.getWebSocketChannel().getIoThread() : null;
    this.ioBatch = ioThread == null ? null : IoThreadBatch.of(ioThread);
  }

  @Override
  public void send(byte[] frame) {
    if (closed) {
      return;
    }
    if (queuedBytes.addAndGet(frame.length) > bufferLimit) {
      close(
          CloseCodes.POLICY_VIOLATION,
          "the client did not read " + bufferLimit + " bytes of updates; reconnect to resync");
      return;
    }
    queue.add(frame);
    if (ioThread == null || Thread.currentThread() == ioThread) {
      drain();
    } else {
      ioBatch.schedule(this);
    }
  }

  /**
   * The connections of one I/O thread that have frames queued by other threads; drained in one task
   * on that thread.
   */
  private static final class IoThreadBatch implements Runnable {
    // Weak: a stopped server's I/O threads go away with it (tests start many servers).
    private static final Map<XnioIoThread, IoThreadBatch> BATCHES =
        Collections.synchronizedMap(new WeakHashMap<>());

    private final XnioIoThread thread;
    private final Queue<SocketPeerConnection> ready = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    private IoThreadBatch(XnioIoThread thread) {
      this.thread = thread;
    }

    static IoThreadBatch of(XnioIoThread thread) {
      return BATCHES.computeIfAbsent(thread, IoThreadBatch::new);
    }

    void schedule(SocketPeerConnection connection) {
      ready.add(connection);
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
      // Cleared first: a connection added from now on schedules another run.
      scheduled.set(false);
      for (SocketPeerConnection c; (c = ready.poll()) != null; ) {
        c.drain();
      }
    }
  }

  private void drain() {
    while (!closed && !queue.isEmpty() && sending.compareAndSet(false, true)) {
      byte[] next = queue.poll();
      if (next == null) {
        sending.set(false);
        continue;
      }
      queuedBytes.addAndGet(-next.length);
      if (SyncProtocol.isUpdateFrame(next)) {
        next = mergeQueuedUpdates(next);
        if (next == null) {
          sending.set(false);
          return;
        }
      }
      try {
        nativeSession.getAsyncRemote().sendBinary(ByteBuffer.wrap(next), this);
      } catch (RuntimeException e) {
        sending.set(false);
        failed(e);
      }
      return;
    }
  }

  /**
   * Takes the update frames queued right behind {@code first} and merges them with it. Only the
   * draining thread polls the queue, so what it peeks stays there until it polls.
   */
  private byte[] mergeQueuedUpdates(byte[] first) {
    List<byte[]> run = null;
    long bytes = first.length;
    for (byte[] peeked = queue.peek();
        peeked != null
            && SyncProtocol.isUpdateFrame(peeked)
            && bytes + peeked.length <= MAX_MERGED_BYTES;
        peeked = queue.peek()) {
      if (run == null) {
        run = new ArrayList<>();
        run.add(first);
      }
      queue.poll();
      queuedBytes.addAndGet(-peeked.length);
      bytes += peeked.length;
      run.add(peeked);
    }
    if (run == null) {
      return first;
    }
    try {
      return SyncProtocol.mergeUpdateFrames(run);
    } catch (RuntimeException e) {
      // Only a bug gets here (the hub queues frames it encoded itself). The client resyncs on
      // reconnect, and the server holds every update durably, so closing loses nothing.
      log.warn("collab socket {}: cannot merge queued updates", session.getId(), e);
      close(CloseCodes.INTERNAL_ERROR, "the server could not send updates; reconnect to resync");
      return null;
    }
  }

  /** Completion of one asynchronous send: start the next. */
  @Override
  public void onResult(SendResult result) {
    sending.set(false);
    if (!result.isOK()) {
      failed(result.getException());
      return;
    }
    drain();
  }

  private void failed(Throwable e) {
    log.debug("collab socket {}: send failed: {}", session.getId(), String.valueOf(e));
    close(CloseCodes.INTERNAL_ERROR, "sending to the client failed");
  }

  @Override
  public void close(int code, String reason) {
    if (closed) {
      return;
    }
    closed = true;
    queue.clear();
    try {
      session.close(new CloseStatus(code, reason));
    } catch (IOException | RuntimeException e) {
      log.debug("collab socket {}: close failed: {}", session.getId(), e.toString());
    }
  }

  boolean isClosed() {
    return closed;
  }
}
