package dev.atelier.gateway;

/**
 * Where a {@link GatewaySession} sends its outgoing JSON-RPC messages (responses, diagnostics,
 * messages to show): typically a WebSocket, one text frame per message.
 *
 * <p>Called from gateway threads, possibly several at once for different workspaces, never
 * concurrently for one session. Must not block for long: buffer and send asynchronously (Spring's
 * {@code ConcurrentWebSocketSessionDecorator} does), so a slow browser never holds up the other
 * users of the workspace.
 */
@FunctionalInterface
public interface MessageSink {

  /** Sends one JSON-RPC message. */
  void send(String message);

  /** The gateway ended the session (the client sent {@code exit}, or the gateway shuts down). */
  default void close() {}
}
