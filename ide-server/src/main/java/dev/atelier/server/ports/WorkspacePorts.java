package dev.atelier.server.ports;

import dev.atelier.runtime.spi.ListeningPort;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.workspace.WorkspaceAccess;
import dev.atelier.server.workspace.WorkspaceRole;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The ports a workspace serves, for the Ports panel and the preview proxy. Only ports that a
 * process of the workspace really listens on are offered, so that the proxy cannot be pointed at
 * other services of the host (the server's management port, a database).
 */
@Service
public class WorkspacePorts {

  private final WorkspaceRuntime runtime;
  private final WorkspaceAccess access;

  WorkspacePorts(WorkspaceRuntime runtime, WorkspaceAccess access) {
    this.runtime = runtime;
    this.access = access;
  }

  /** The workspace's listening ports, ascending; empty when it does not run. Needs READ. */
  public List<ListeningPort> list(String userId, String workspaceId) {
    access.require(userId, workspaceId, WorkspaceRole.READ);
    return listening(workspaceId);
  }

  /**
   * The port the proxy may open for {@code workspaceId}: one a process of the workspace listens on.
   * The caller has checked access; {@link PortDialer} makes the connection through the runtime.
   *
   * @throws AtelierException {@code PORT_NOT_FOUND} when no process of the workspace listens on it
   */
  Target target(String workspaceId, int port) {
    boolean listens = listening(workspaceId).stream().anyMatch(p -> p.port() == port);
    if (!listens) {
      throw new AtelierException(
          ErrorCode.PORT_NOT_FOUND,
          "Nothing in this workspace listens on port "
              + port
              + ". Start your server (e.g. python3 -m http.server "
              + port
              + ") and try again.",
          Map.of("port", port));
    }
    return new Target(workspaceId, port);
  }

  private List<ListeningPort> listening(String workspaceId) {
    try {
      return runtime.listeningPorts(workspaceId);
    } catch (WorkspaceRuntimeException e) {
      return List.of(); // not running: nothing listens
    }
  }

  /**
   * A port of a workspace, reached from inside the workspace (its own {@code localhost}), never
   * through a host address.
   */
  record Target(String workspaceId, int port) {
    /** The authority the workspace's server sees in {@code Host} ({@code localhost:port}). */
    String authority() {
      return "localhost:" + port;
    }
  }
}
