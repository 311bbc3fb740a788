package dev.atelier.server.sharing;

import dev.atelier.server.account.AtelierPrincipal;
import dev.atelier.server.sockets.LiveSockets;
import dev.atelier.server.workspace.WorkspaceAccess;
import dev.atelier.server.workspace.WorkspaceRole;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.security.core.Authentication;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * A workspace WebSocket for tests, {@code /test-live/{workspaceId}}, admitted like every workspace
 * socket: a role from {@link WorkspaceAccess} or a 4404 close, then registered with {@link
 * LiveSockets}. Proves revocation reaches real sockets without depending on a feature endpoint.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableWebSocket
class LiveTestSocket implements WebSocketConfigurer {

  static final String PATH = "/test-live/";

  private final WorkspaceAccess access;
  private final LiveSockets live;

  LiveTestSocket(WorkspaceAccess access, LiveSockets live) {
    this.access = access;
    this.live = live;
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry.addHandler(new Handler(), PATH + "*");
  }

  private final class Handler extends TextWebSocketHandler {
    private final Map<String, AutoCloseable> handles = new ConcurrentHashMap<>();

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
      String path = session.getUri().getPath();
      String workspaceId = path.substring(path.lastIndexOf('/') + 1);
      String userId = userId(session.getPrincipal());
      Optional<WorkspaceRole> role = access.role(userId, workspaceId);
      if (role.isEmpty()) {
        session.close(LiveSockets.WORKSPACE_DELETED);
        return;
      }
      handles.put(
          session.getId(),
          live.register(workspaceId, userId, role.get() == WorkspaceRole.OWNER, session));
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status)
        throws Exception {
      AutoCloseable handle = handles.remove(session.getId());
      if (handle != null) {
        handle.close();
      }
    }
  }

  private static String userId(Principal principal) {
    if (principal instanceof Authentication auth
        && auth.getPrincipal() instanceof AtelierPrincipal p) {
      return p.userId();
    }
    return null;
  }
}
