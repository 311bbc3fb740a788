package dev.atelier.gateway;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's connection to the language services of a workspace (one browser editor, one
 * WebSocket). The transport hands every incoming text message to {@link #handleMessage} and calls
 * {@link #close} when the socket closes; outgoing messages go to the {@link MessageSink} given to
 * {@link LanguageGateway#connect}.
 *
 * <p>The client speaks plain LSP with {@code atelier:} URIs (see {@link WorkspaceUris}): {@code
 * initialize} / {@code initialized}, {@code didOpen} / {@code didClose} to say which documents it
 * shows, and the forwarded requests. Its {@code didChange} and {@code didSave} are ignored:
 * document text reaches servers from the server-side document only.
 *
 * <p>Thread-safe: {@link #handleMessage} may be called from any thread; messages of one session are
 * processed in the order they were handed over.
 */
public final class GatewaySession implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GatewaySession.class);

  private final String id;
  private final String workspaceId;
  private final MessageSink sink;
  private final WorkspaceLanguages owner;
  private volatile boolean closed;

  // Confined to the workspace's executor.
  boolean initialized;
  boolean active;
  final Map<String, ForwardedRequest> pending = new HashMap<>();
  final Set<String> documents = new LinkedHashSet<>();
  final Set<String> toldFailures = new HashSet<>();
  ManagedServer lastCompletionServer;

  GatewaySession(String id, String workspaceId, MessageSink sink, WorkspaceLanguages owner) {
    this.id = id;
    this.workspaceId = workspaceId;
    this.sink = sink;
    this.owner = owner;
  }

  /** A unique id of this session within the gateway. */
  public String id() {
    return id;
  }

  public String workspaceId() {
    return workspaceId;
  }

  public boolean isOpen() {
    return !closed;
  }

  /**
   * Handles one JSON-RPC message from the client. Never throws: malformed messages are answered
   * with a JSON-RPC error ({@code -32700} parse error, {@code -32600} invalid request) and the
   * session stays usable. Messages after {@link #close} are ignored.
   */
  public void handleMessage(String message) {
    if (closed) {
      return;
    }
    ClientMessage parsed = ClientMessage.parse(message == null ? "" : message);
    owner.executor().execute(() -> owner.onClientMessage(this, parsed));
  }

  /**
   * Ends the session: its pending requests are cancelled at the servers and the documents only it
   * showed are closed there. Idempotent. Does not call {@link MessageSink#close()}.
   */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      owner.executor().execute(() -> owner.closeSession(this));
    }
  }

  boolean isClosed() {
    return closed;
  }

  void markClosed() {
    closed = true;
  }

  /** Sends a message to the client; a failing sink ends the session. */
  void send(String json) {
    if (closed) {
      return;
    }
    try {
      sink.send(json);
    } catch (RuntimeException e) {
      log.debug("Session {} cannot send, closing it: {}", id, e.toString());
      closed = true;
      owner.closeSession(this);
    }
  }

  /** Tells the transport the gateway ended the session. */
  void closeSink() {
    try {
      sink.close();
    } catch (RuntimeException e) {
      log.debug("Closing the sink of session {} failed: {}", id, e.toString());
    }
  }

  @Override
  public String toString() {
    return "GatewaySession[" + id + ", workspace " + workspaceId + "]";
  }
}
