package dev.atelier.server.ports;

import dev.atelier.runtime.spi.PortConnection;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Opens the preview's byte stream to a workspace port through the runtime ({@link
 * WorkspaceRuntime#openPort}): the connection is made from inside the workspace, the server never
 * dials a host address for a preview.
 */
@Component
class PortDialer {

  private final WorkspaceRuntime runtime;

  PortDialer(WorkspaceRuntime runtime) {
    this.runtime = runtime;
  }

  /**
   * A new connection to the target's port.
   *
   * @throws AtelierException {@code PORT_NOT_FOUND} when the workspace stopped or nothing accepts
   *     the connection, {@code RUNTIME_UNAVAILABLE} when the runtime cannot reach the port
   */
  PortConnection open(WorkspacePorts.Target target) {
    int port = target.port();
    try {
      return runtime.openPort(target.workspaceId(), port);
    } catch (WorkspaceRuntimeException e) {
      throw switch (e.code()) {
        case NOT_RUNNING ->
            new AtelierException(
                ErrorCode.PORT_NOT_FOUND,
                "The workspace is not running, so nothing answers on port "
                    + port
                    + ". Start the workspace and its server, then reload.",
                Map.of("port", port));
        case PORT_UNREACHABLE ->
            new AtelierException(
                ErrorCode.PORT_NOT_FOUND,
                "Nothing in this workspace listens on port "
                    + port
                    + ". Start your server (e.g. python3 -m http.server "
                    + port
                    + ") and reload.",
                Map.of("port", port));
        case AGENT_UNAVAILABLE ->
            new AtelierException(
                ErrorCode.RUNTIME_UNAVAILABLE,
                "The workspace agent is not answering, so port "
                    + port
                    + " cannot be reached. Restart the workspace if this persists.");
        case UNSUPPORTED ->
            new AtelierException(
                ErrorCode.RUNTIME_UNAVAILABLE,
                "Port previews are not available with this server's workspace runtime ("
                    + runtime.type()
                    + ").");
        default ->
            new AtelierException(
                ErrorCode.RUNTIME_UNAVAILABLE,
                "Port " + port + " of the workspace could not be reached: " + e.getMessage());
      };
    }
  }
}
