package dev.atelier.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connection to a port on the workspace's own loopback address, relayed over a channel: what the
 * preview proxy uses. The agent runs in the workspace's network namespace, so {@code localhost} is
 * the workspace's, never the host's. IPv4 loopback first, then IPv6.
 */
final class Forward {

  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private Forward() {}

  static void start(Agent.Call call, int port, ExecutorService workers) {
    Socket socket = connect(port);
    call.hold(socket);
    call.reply(true, new byte[0]);
    AtomicInteger open = new AtomicInteger(2);
    Runnable done =
        () -> {
          if (open.decrementAndGet() == 0) {
            call.abort();
          }
        };
    workers.execute(
        () -> {
          // workspace server → server
          try (InputStream from = socket.getInputStream()) {
            OutputStream to = call.stream.output();
            Agent.copy(from, to);
            to.close();
          } catch (IOException e) {
            call.abort();
          } finally {
            done.run();
          }
        });
    workers.execute(
        () -> {
          // server → workspace server
          try {
            InputStream from = call.stream.input();
            OutputStream to = socket.getOutputStream();
            Agent.copy(from, to);
            socket.shutdownOutput();
          } catch (IOException e) {
            call.abort();
          } finally {
            done.run();
          }
        });
  }

  private static Socket connect(int port) {
    IOException last = null;
    for (String host : new String[] {"127.0.0.1", "::1"}) {
      Socket socket = new Socket();
      try {
        socket.setTcpNoDelay(true);
        socket.connect(
            new InetSocketAddress(InetAddress.getByName(host), port), CONNECT_TIMEOUT_MILLIS);
        return socket;
      } catch (IOException e) {
        last = e;
        try {
          socket.close();
        } catch (IOException ignored) {
          // nothing to release
        }
      }
    }
    throw new AgentException(
        "PORT_UNREACHABLE",
        "nothing accepts connections on port "
            + port
            + " in the workspace"
            + (last == null ? "" : " (" + last.getClass().getSimpleName() + ")"));
  }
}
