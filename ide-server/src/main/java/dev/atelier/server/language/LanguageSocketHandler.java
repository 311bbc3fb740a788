package dev.atelier.server.language;

import dev.atelier.gateway.GatewaySession;
import dev.atelier.gateway.LanguageGateway;
import dev.atelier.gateway.MessageSink;
import dev.atelier.server.sockets.Socket;
import dev.atelier.server.sockets.SocketConnection;
import dev.atelier.server.sockets.SocketEndpoint;
import dev.atelier.server.sockets.SocketSpec;
import dev.atelier.server.workspace.WorkspaceRole;
import java.net.URI;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * {@code /lsp/{workspaceId}}: one browser editor's LSP connection to the workspace's language
 * servers through the {@link LanguageGateway}. Each text frame is one JSON-RPC message, both ways.
 *
 * <p>Admission needs {@link WorkspaceRole#READ}: a read-only collaborator gets completion, hover,
 * diagnostics and navigation like everyone else. Rename and formatting are allowed too: they only
 * return edits, which the editor applies through the collaborative document, where a read-only
 * peer's edits are refused; nothing here writes a file.
 *
 * <p>Outgoing messages pass a bounded buffer per socket, so a browser that stops reading is
 * disconnected instead of stalling the gateway or the workspace's other users.
 */
@Component
class LanguageSocketHandler implements SocketEndpoint<Void> {

  static final String KIND = "lsp";
  static final String PREFIX = "/lsp/";

  /** A didOpen carries a whole document (files above the editor's limit are not opened). */
  private static final SocketSpec SPEC =
      SocketSpec.of(
          KIND,
          PREFIX + "*",
          WorkspaceRole.READ,
          16 * 1024 * 1024,
          SocketSpec.Outbound.buffered(4 * 1024 * 1024));

  private final LanguageGateway gateway;

  LanguageSocketHandler(LanguageGateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public SocketSpec spec() {
    return SPEC;
  }

  /** The workspace id is the path segment after {@code /lsp/}. */
  @Override
  public Target<Void> target(URI uri) {
    return new Target<>(SocketEndpoint.after(uri, PREFIX), null);
  }

  @Override
  public SocketConnection open(Socket socket, Admission<Void> admission) {
    GatewaySession session = gateway.connect(admission.workspaceId(), new SocketSink(socket));
    return new SocketConnection() {
      @Override
      public void onText(String text) {
        session.handleMessage(text);
      }

      @Override
      public void closed(CloseStatus status) {
        session.close();
      }
    };
  }

  /**
   * Sends the gateway's messages as text frames. A send that fails (the socket is closed, or it
   * fell behind and was closed) is reported to the gateway, which ends the session.
   */
  private record SocketSink(Socket socket) implements MessageSink {

    @Override
    public void send(String message) {
      if (!socket.sendText(message)) {
        throw new IllegalStateException("the language socket is closed");
      }
    }

    @Override
    public void close() {
      socket.close(CloseStatus.NORMAL.withReason("the language session ended"));
    }
  }
}
