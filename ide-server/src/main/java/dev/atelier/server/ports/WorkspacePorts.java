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
 * The ports a workspace serves, for the Ports panel and the preview proxy. The proxy cannot be
 * pointed at other services of the host (the server's management port, a database): the runtime
 * connects from inside the workspace, and where a workspace shares the host's network it opens only
 * ports a process of the workspace listens on ({@link WorkspaceRuntime#openPort}).
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
   * The port the proxy opens for {@code workspaceId}. The caller has checked access; {@link
   * PortDialer} makes the connection through the runtime, which refuses (as {@code PORT_NOT_FOUND})
   * a port nothing in the workspace accepts. No listing of the workspace's sockets per request:
   * that cost 20–55 ms before the first byte of every preview request.
   *
   * @throws AtelierException {@code PORT_NOT_FOUND} for a number that is no TCP port
   */
  Target target(String workspaceId, int port) {
    if (port < 1 || port > 65535) {
      throw new AtelierException(
          ErrorCode.PORT_NOT_FOUND,
          "Port " + port + " is not a TCP port (1-65535).",
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
