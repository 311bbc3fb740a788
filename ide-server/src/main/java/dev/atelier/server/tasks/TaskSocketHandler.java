package dev.atelier.server.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.server.sockets.Socket;
import dev.atelier.server.sockets.SocketConnection;
import dev.atelier.server.sockets.SocketEndpoint;
import dev.atelier.server.sockets.SocketSpec;
import dev.atelier.server.sockets.SocketSupport;
import dev.atelier.server.workspace.WorkspaceRole;
import java.net.URI;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * {@code /tasks/{workspaceId}}: the build log stream, server to client only ({@link TaskFrame}s).
 * On connect the kept runs are replayed. Needs {@code READ} in the workspace.
 */
@Component
class TaskSocketHandler implements SocketEndpoint<Void> {

  static final String KIND = "tasks";
  private static final String PREFIX = "/tasks/";

  /** A full replay (every kept run's output) must fit in the send buffer. */
  private static final SocketSpec SPEC =
      SocketSpec.of(
          KIND,
          PREFIX + "*",
          WorkspaceRole.READ,
          64 * 1024,
          SocketSpec.Outbound.buffered(32 * 1024 * 1024));

  private final TaskRunner runner;
  private final ObjectMapper mapper;

  TaskSocketHandler(TaskRunner runner, ObjectMapper mapper) {
    this.runner = runner;
    this.mapper = mapper;
  }

  @Override
  public SocketSpec spec() {
    return SPEC;
  }

  /** {@code workspaceId} from {@code /tasks/{workspaceId}}. */
  @Override
  public Target<Void> target(URI uri) {
    return new Target<>(SocketEndpoint.after(uri, PREFIX), null);
  }

  @Override
  public SocketConnection open(Socket socket, Admission<Void> admission) {
    AutoCloseable subscription =
        runner.subscribe(
            admission.workspaceId(),
            new TaskListener() {
              @Override
              public void started(TaskRun run) {
                send(socket, TaskFrame.started(run));
              }

              @Override
              public void output(String runId, String data) {
                send(socket, TaskFrame.output(runId, data));
              }

              @Override
              public void exited(TaskRun run) {
                send(socket, TaskFrame.exited(run));
              }
            });
    return new SocketConnection() {
      @Override
      public void onText(String text) {
        // The stream is one-way; running and stopping go through the REST API.
      }

      @Override
      public void closed(CloseStatus status) {
        SocketSupport.release(List.of(subscription), KIND);
      }
    };
  }

  private void send(Socket socket, TaskFrame frame) {
    try {
      socket.sendText(mapper.writeValueAsString(frame));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
