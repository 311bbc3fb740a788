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
   * Where the proxy connects to reach {@code port} of the workspace. The caller has checked access.
   *
   * @throws AtelierException {@code PORT_NOT_FOUND} when no process of the workspace listens on it,
   *     {@code RUNTIME_UNAVAILABLE} when this runtime cannot be reached from the server
   */
  Target target(String workspaceId, int port) {
    ListeningPort listening =
        listening(workspaceId).stream()
            .filter(p -> p.port() == port)
            .findFirst()
            .orElseThrow(
                () ->
                    new AtelierException(
                        ErrorCode.PORT_NOT_FOUND,
                        "Nothing in this workspace listens on port "
                            + port
                            + ". Start your server (e.g. python3 -m http.server "
                            + port
                            + ") and try again.",
                        Map.of("port", port)));
    if (!runtime.type().equals("local")) {
      throw new AtelierException(
          ErrorCode.RUNTIME_UNAVAILABLE,
          "Port previews are only available with the local runtime (this server runs '"
              + runtime.type()
              + "').");
    }
    return new Target(hostFor(listening.address()), port);
  }

  /**
   * The address to connect to for a port bound to {@code bound}: loopback for wildcard binds (the
   * local sandbox shares the host's network), the bound address otherwise.
   */
  static String hostFor(String bound) {
    if (bound == null
        || bound.isEmpty()
        || bound.equals("0.0.0.0")
        || bound.equals("::")
        || bound.equals("[::]")
        || bound.startsWith("127.")) {
      return "127.0.0.1";
    }
    if (bound.contains(":") && !bound.startsWith("[")) {
      return "[" + bound + "]";
    }
    return bound;
  }

  private List<ListeningPort> listening(String workspaceId) {
    try {
      return runtime.listeningPorts(workspaceId);
    } catch (WorkspaceRuntimeException e) {
      return List.of(); // not running: nothing listens
    }
  }

  /** A host and port the server can connect to. */
  record Target(String host, int port) {
    String authority() {
      return host + ":" + port;
    }
  }
}
