package dev.atelier.collab.client;

import dev.atelier.collab.crdt.Doc;
import dev.atelier.collab.crdt.Updates;
import dev.atelier.collab.crdt.YText;
import dev.atelier.collab.protocol.Awareness;
import dev.atelier.collab.protocol.Frame;
import dev.atelier.collab.protocol.SyncMessage;
import dev.atelier.collab.protocol.SyncProtocol;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A y-websocket client in Java (the JDK's {@link WebSocket}): what a browser running {@code
 * y-websocket} does — step 1 on connect, answer the server's step 1, apply step 2 and updates, send
 * local updates, awareness — for tests, benchmarks and bots. The shared text is {@code
 * doc.getText("content")}.
 *
 * <p>Besides the working document it keeps an <em>acknowledged</em> replica holding only what the
 * server sent (its step 2 and the updates it relayed): against a server that relays an update only
 * after making it durable, that replica is a lower bound of what the server must still have after a
 * crash.
 *
 * <p>Thread-safe: the document is guarded by this object's monitor; callbacks run on the socket's
 * listener thread.
 */
public final class CollabClient implements AutoCloseable {

  /** The content of the close frame the server sent (or 1006 when the connection dropped). */
  public record Closed(int code, String reason) {}

  /** Told about each update the server relayed, after it was applied. */
  @FunctionalInterface
  public interface UpdateListener {
    void updated(byte[] update, long receivedNanos);
  }

  private final Doc doc = new Doc();
  private final YText text = doc.getText("content");
  private final Doc acknowledged;
  private final Awareness awareness = new Awareness(doc.clientId());
  private final CompletableFuture<Void> synced = new CompletableFuture<>();
  private final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private final List<String> denied = new CopyOnWriteArrayList<>();
  private final List<UpdateListener> listeners = new CopyOnWriteArrayList<>();
  private final Object sendLock = new Object();
  private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
  private volatile WebSocket socket;

  private CollabClient(boolean trackAcknowledged) {
    this.acknowledged = trackAcknowledged ? new Doc() : null;
    doc.onUpdate(
        (update, origin) -> {
          if (origin != this) {
            send(Frame.sync(SyncProtocol.update(update)).encode());
          }
        });
  }

  /**
   * Connects to a room and starts the sync (does not wait for it, see {@link #awaitSynced}).
   *
   * @param uri e.g. {@code ws://host/collab/ws-id/src/Main.java?token=...}
   * @param headers extra handshake headers (a session {@code Cookie}), may be empty
   */
  public static CompletableFuture<CollabClient> connect(
      HttpClient http, URI uri, Map<String, String> headers) {
    return connect(http, uri, headers, true);
  }

  /**
   * Like {@link #connect(HttpClient, URI, Map)}; {@code trackAcknowledged = false} skips the
   * acknowledged replica (half the work per received update, for load generators).
   */
  public static CompletableFuture<CollabClient> connect(
      HttpClient http, URI uri, Map<String, String> headers, boolean trackAcknowledged) {
    CollabClient client = new CollabClient(trackAcknowledged);
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30));
    headers.forEach(builder::header);
    return builder
        .buildAsync(uri, client.new Listener())
        .thenApply(
            ws -> {
              client.socket = ws;
              synchronized (client) {
                client.send(Frame.sync(SyncProtocol.step1(client.doc)).encode());
              }
              return client;
            });
  }

  /** Waits until the server's step 2 was applied (the document holds the room's content). */
  public CollabClient awaitSynced(Duration timeout) {
    try {
      CompletableFuture.anyOf(synced, closed).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("not synced within " + timeout + ": " + e, e);
    }
    if (!synced.isDone()) {
      throw new IllegalStateException("closed before syncing: " + closed.join());
    }
    return this;
  }

  public synchronized String text() {
    return text.toString();
  }

  /** The text of the replica holding only what the server sent. */
  public synchronized String acknowledgedText() {
    if (acknowledged == null) {
      throw new IllegalStateException("connected without tracking acknowledged updates");
    }
    return acknowledged.getText("content").toString();
  }

  public long clientId() {
    return doc.clientId();
  }

  /** Inserts locally and sends the update. */
  public synchronized void insert(int index, String s) {
    doc.transact(() -> text.insert(index, s), "local");
  }

  /** Appends at the end, locally, and sends the update. */
  public synchronized void append(String s) {
    doc.transact(() -> text.insert(text.length(), s), "local");
  }

  public synchronized void delete(int index, int length) {
    doc.transact(() -> text.delete(index, length), "local");
  }

  /** Runs {@code edit} on the working document in one transaction (its update is sent). */
  public synchronized void edit(Consumer<Doc> edit) {
    doc.transact(() -> edit.accept(doc), "local");
  }

  /** Reads the working document under the client's lock. */
  public synchronized <T> T read(java.util.function.Function<Doc, T> reader) {
    return reader.apply(doc);
  }

  /** Sets this client's awareness state (compact JSON) and sends it. */
  public synchronized void setAwareness(String json) {
    awareness.setLocalState(json);
    send(new Frame.AwarenessUpdate(awareness.encodeUpdate(List.of(doc.clientId()))).encode());
  }

  /** The awareness states this client knows, by client id (compact JSON). */
  public synchronized Map<Long, String> awarenessStates() {
    return Map.copyOf(awareness.states());
  }

  /** Sends raw bytes as one binary frame (protocol tests: forged and malformed frames). */
  public void sendRaw(byte[] frame) {
    send(frame);
  }

  /** Reasons of the permission-denied frames received. */
  public List<String> denied() {
    return List.copyOf(denied);
  }

  public void onUpdate(UpdateListener listener) {
    listeners.add(Objects.requireNonNull(listener));
  }

  /** Completes when the connection closed. */
  public CompletableFuture<Closed> closed() {
    return closed;
  }

  public boolean isOpen() {
    return socket != null && !closed.isDone();
  }

  private void send(byte[] frame) {
    WebSocket ws = socket;
    if (ws == null || closed.isDone()) {
      return;
    }
    synchronized (sendLock) {
      // The JDK socket allows one outstanding send: chain them.
      sendChain =
          sendChain
              .thenCompose(v -> ws.sendBinary(ByteBuffer.wrap(frame), true))
              .exceptionally(e -> null);
    }
  }

  private synchronized void handle(byte[] bytes) {
    Frame frame = Frame.decode(bytes);
    if (frame instanceof Frame.Sync s) {
      SyncMessage m = s.message();
      SyncProtocol.handle(doc, m, this).ifPresent(reply -> send(Frame.sync(reply).encode()));
      if (acknowledged != null && m.type() != SyncMessage.Type.STEP1) {
        Updates.applyUpdate(acknowledged, m.payload(), this);
      }
      if (m.type() == SyncMessage.Type.STEP2) {
        synced.complete(null);
      } else if (m.type() == SyncMessage.Type.UPDATE && !listeners.isEmpty()) {
        long now = System.nanoTime();
        for (UpdateListener l : listeners) {
          l.updated(m.payload(), now);
        }
      }
    } else if (frame instanceof Frame.AwarenessUpdate a) {
      awareness.applyUpdate(a.update(), this);
    } else if (frame instanceof Frame.PermissionDenied p) {
      denied.add(p.reason());
    } else if (frame instanceof Frame.QueryAwareness) {
      send(new Frame.AwarenessUpdate(awareness.encodeFullUpdate()).encode());
    }
  }

  /** Closes the connection normally. */
  @Override
  public void close() {
    WebSocket ws = socket;
    if (ws != null && !closed.isDone()) {
      synchronized (sendLock) {
        sendChain = sendChain.thenCompose(v -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
      }
    }
  }

  /** Drops the connection without a close handshake (a crashed or offline client). */
  public void abort() {
    WebSocket ws = socket;
    if (ws != null) {
      ws.abort();
    }
    closed.complete(new Closed(1006, "aborted"));
  }

  private final class Listener implements WebSocket.Listener {
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      byte[] whole;
      if (last && partial.size() == 0) {
        whole = chunk;
      } else {
        partial.write(chunk, 0, chunk.length);
        whole = last ? partial.toByteArray() : null;
        if (last) {
          partial.reset();
        }
      }
      if (whole != null) {
        try {
          handle(whole);
        } catch (RuntimeException e) {
          ws.sendClose(1007, "client cannot read a frame: " + e.getMessage());
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closed.complete(new Closed(statusCode, reason));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.complete(new Closed(1006, String.valueOf(error)));
    }
  }
}
