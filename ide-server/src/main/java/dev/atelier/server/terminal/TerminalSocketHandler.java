package dev.atelier.server.terminal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.sockets.Socket;
import dev.atelier.server.sockets.SocketCloses;
import dev.atelier.server.sockets.SocketConnection;
import dev.atelier.server.sockets.SocketEndpoint;
import dev.atelier.server.sockets.SocketRefusal;
import dev.atelier.server.sockets.SocketSpec;
import dev.atelier.server.sockets.SocketSupport;
import dev.atelier.server.workspace.WorkspaceActivity;
import dev.atelier.server.workspace.WorkspaceRole;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * {@code /terminal/{workspaceId}/{terminalId}}: binary frames carry raw PTY bytes both ways, text
 * frames carry JSON control messages ({@code {"type":"resize","cols":N,"rows":N}} from the browser;
 * {@code {"type":"exit","exitCode":N}} and {@code {"type":"error","message":…}} from the server).
 * On connect the scrollback is replayed first. Needs {@code WRITE} in the workspace.
 */
@Component
class TerminalSocketHandler implements SocketEndpoint<String> {

  static final String KIND = "terminal";
  private static final String PREFIX = "/terminal/";

  /** The shell ended; the browser should not reconnect. */
  static final CloseStatus EXITED = SocketCloses.TERMINAL_EXITED;

  private static final SocketSpec SPEC =
      SocketSpec.of(
          KIND,
          PREFIX + "*/*",
          WorkspaceRole.WRITE,
          1024 * 1024, // a large paste
          SocketSpec.Outbound.buffered(2 * 1024 * 1024));

  private final TerminalService terminals;
  private final WorkspaceActivity activity;
  private final ObjectMapper mapper;

  TerminalSocketHandler(
      TerminalService terminals, WorkspaceActivity activity, ObjectMapper mapper) {
    this.terminals = terminals;
    this.activity = activity;
    this.mapper = mapper;
  }

  @Override
  public SocketSpec spec() {
    return SPEC;
  }

  /** {@code workspaceId} and the terminal id from {@code /terminal/{workspaceId}/{terminalId}}. */
  @Override
  public Target<String> target(URI uri) throws SocketRefusal {
    String[] parts = SocketEndpoint.after(uri, PREFIX).split("/");
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new SocketRefusal(SocketCloses.notFound("terminal or workspace"));
    }
    return new Target<>(parts[0], parts[1]);
  }

  @Override
  public SocketConnection open(Socket socket, Admission<String> admission) throws SocketRefusal {
    String workspaceId = admission.workspaceId();
    TerminalSession terminal =
        terminals
            .find(workspaceId, admission.detail())
            .orElseThrow(() -> new SocketRefusal(SocketCloses.notFound("terminal")));
    List<AutoCloseable> resources = new ArrayList<>();
    activity.clientConnected(workspaceId);
    resources.add(() -> activity.clientDisconnected(workspaceId));
    resources.add(terminal.attach(new SocketClient(socket)));
    return new Connection(terminal, socket, resources);
  }

  /** One browser's socket. */
  private final class Connection implements SocketConnection {
    private final TerminalSession terminal;
    private final Socket socket;
    private final List<AutoCloseable> resources;

    Connection(TerminalSession terminal, Socket socket, List<AutoCloseable> resources) {
      this.terminal = terminal;
      this.socket = socket;
      this.resources = resources;
    }

    @Override
    public void onBinary(byte[] data) {
      if (!terminal.write(data)) {
        sendError(socket, "Input dropped: the program in this terminal is not reading its input.");
      }
      activity.touch(terminal.workspaceId());
    }

    @Override
    public void onText(String text) {
      try {
        JsonNode control = mapper.readTree(text);
        String type = control.path("type").asText();
        if (!"resize".equals(type)) {
          sendError(socket, "Unknown control message type '" + type + "'; expected resize.");
          return;
        }
        int cols = control.path("cols").asInt(0);
        int rows = control.path("rows").asInt(0);
        TerminalService.checkSize(cols, rows);
        terminal.resize(cols, rows);
      } catch (IOException e) {
        sendError(
            socket,
            "Control messages are JSON, e.g. {\"type\":\"resize\",\"cols\":80,\"rows\":24}.");
      } catch (AtelierException e) {
        sendError(socket, e.getMessage());
      }
    }

    @Override
    public void closed(CloseStatus status) {
      SocketSupport.release(resources, KIND);
    }
  }

  private void sendError(Socket socket, String message) {
    socket.sendText(json(mapper.createObjectNode().put("type", "error").put("message", message)));
  }

  private String json(JsonNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Forwards a terminal's output to one browser; a browser that cannot keep up is dropped. */
  private final class SocketClient implements TerminalSession.Client {
    private final Socket socket;

    SocketClient(Socket socket) {
      this.socket = socket;
    }

    @Override
    public void output(byte[] data) {
      socket.sendBinary(data);
    }

    @Override
    public void exited(int exitCode) {
      socket.sendText(
          json(mapper.createObjectNode().put("type", "exit").put("exitCode", exitCode)));
      socket.close(EXITED);
    }
  }
}
