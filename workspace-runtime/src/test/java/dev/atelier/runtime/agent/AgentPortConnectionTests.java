package dev.atelier.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Port connections through a real agent (on a thread, over pipes) to an echo server. */
@Timeout(60)
class AgentPortConnectionTests {

  private static final int BLOCK = 64 * 1024;
  private static final int BLOCKS = 256;

  @TempDir Path root;
  private InProcessAgent agent;
  private ServerSocket echo;

  @BeforeEach
  void setUp() throws Exception {
    agent = new InProcessAgent(root);
    echo = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    Thread server =
        new Thread(
            () -> {
              try (Socket client = echo.accept()) {
                client.getInputStream().transferTo(client.getOutputStream());
              } catch (IOException e) {
                // closed
              }
            });
    server.setDaemon(true);
    server.start();
  }

  @AfterEach
  void tearDown() throws IOException {
    agent.close();
    echo.close();
  }

  @Test
  void aWriterThatReusesItsBufferSendsWhatItWrote() throws Exception {
    AgentPortConnection connection =
        AgentPortConnection.open(agent.connection, echo.getLocalPort());
    CompletableFuture<Void> written =
        CompletableFuture.runAsync(
            () -> {
              byte[] buffer = new byte[BLOCK]; // one buffer, refilled for every block
              try {
                OutputStream out = connection.output();
                for (int block = 0; block < BLOCKS; block++) {
                  java.util.Arrays.fill(buffer, (byte) block);
                  out.write(buffer, 0, BLOCK);
                }
                connection.shutdownOutput();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    InputStream in = connection.input();
    byte[] block = new byte[BLOCK];
    for (int i = 0; i < BLOCKS; i++) {
      new DataInputStream(in).readFully(block);
      for (int j = 0; j < BLOCK; j++) {
        if (block[j] != (byte) i) {
          throw new AssertionError("block " + i + " byte " + j + " is " + block[j]);
        }
      }
    }
    assertThat(in.read()).isEqualTo(-1);
    written.get(10, TimeUnit.SECONDS);
    assertThat(in.available()).isZero();
    connection.close();
  }
}
