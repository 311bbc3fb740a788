package dev.atelier.server.sockets;

import dev.atelier.server.workspace.WorkspaceRole;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.web.socket.CloseStatus;

/**
 * A workspace endpoint for the framework's own tests ({@code /probe/{workspaceId}}, WRITE, 1 KiB
 * messages, 64 KiB send buffer, 500 ms send-time limit). Text commands: {@code flood} sends 32 KiB
 * frames until the socket refuses one, {@code malformed} refuses the frame as undecodable, {@code
 * fail} throws; anything else is echoed as {@code echo:<text>}. Binary frames are not taken.
 */
final class ProbeEndpoint implements SocketEndpoint<Void> {

  static final String KIND = "probe";
  static final int MAX_MESSAGE = 1024;
  static final Duration SEND_TIME_LIMIT = Duration.ofMillis(500);

  /** Sockets opened (admitted and handed to the endpoint) so far. */
  final AtomicInteger opened = new AtomicInteger();

  /** Close statuses of released sockets, in order. */
  final List<CloseStatus> closed = new CopyOnWriteArrayList<>();

  /** Floods that ended because the socket refused a frame, with the frames sent before. */
  final List<Integer> floodsEnded = new CopyOnWriteArrayList<>();

  @Override
  public SocketSpec spec() {
    return new SocketSpec(
        KIND,
        List.of("/probe/*"),
        WorkspaceRole.WRITE,
        MAX_MESSAGE,
        SocketSpec.Outbound.buffered(64 * 1024),
        SEND_TIME_LIMIT);
  }

  @Override
  public Target<Void> target(URI uri) {
    return new Target<>(SocketEndpoint.after(uri, "/probe/"), null);
  }

  @Override
  public SocketConnection open(Socket socket, Admission<Void> admission) {
    opened.incrementAndGet();
    socket.sendText("hello " + admission.role());
    return new SocketConnection() {
      @Override
      public void onText(String text) throws SocketRefusal {
        switch (text) {
          case "flood" -> {
            Thread flood =
                new Thread(
                    () -> {
                      byte[] frame = new byte[32 * 1024];
                      int sent = 0;
                      while (socket.sendBinary(frame)) {
                        sent++;
                      }
                      floodsEnded.add(sent);
                    },
                    "probe-flood");
            flood.setDaemon(true);
            flood.start();
          }
          case "malformed" ->
              throw new SocketRefusal(SocketCloses.malformed("not a probe command"));
          case "fail" -> throw new IllegalStateException("the probe failed on purpose");
          default -> socket.sendText("echo:" + text);
        }
      }

      @Override
      public void closed(CloseStatus status) {
        closed.add(status);
      }
    };
  }
}
