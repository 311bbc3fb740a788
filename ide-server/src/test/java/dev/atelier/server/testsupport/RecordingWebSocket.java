package dev.atelier.server.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/**
 * A WebSocket client for tests that records what the server sends: binary frames appended into one
 * byte stream, text frames as a list, and the close code.
 */
public final class RecordingWebSocket implements AutoCloseable {

  private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
  private final List<String> texts = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final WebSocket socket;

  private RecordingWebSocket(HttpClient http, URI uri, String token) throws Exception {
    WebSocket.Builder builder = http.newWebSocketBuilder();
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    this.socket = builder.buildAsync(uri, new Recorder()).get(10, TimeUnit.SECONDS);
  }

  /** Connects with an API token in the Authorization header. */
  public static RecordingWebSocket connect(HttpClient http, URI uri, String token)
      throws Exception {
    return new RecordingWebSocket(http, uri, token);
  }

  private final class Recorder implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      synchronized (binary) {
        binary.writeBytes(bytes);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        texts.add(text.toString());
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.completeExceptionally(error);
    }
  }

  /** Everything received in binary frames so far, decoded as UTF-8. */
  public String binaryText() {
    synchronized (binary) {
      return binary.toString(StandardCharsets.UTF_8);
    }
  }

  public List<String> texts() {
    return texts;
  }

  public void sendBinary(String text) throws Exception {
    socket
        .sendBinary(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), true)
        .get(5, TimeUnit.SECONDS);
  }

  public void sendText(String text) throws Exception {
    socket.sendText(text, true).get(5, TimeUnit.SECONDS);
  }

  /** The close code the server sent, waiting at most {@code timeout}. */
  public int awaitClose(Duration timeout) throws Exception {
    return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Polls {@code condition} until it holds or fails with {@code description} and what arrived. */
  public void await(BooleanSupplier condition, Duration timeout, String description) {
    Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(
            () ->
                assertThat(condition.getAsBoolean())
                    .as(() -> description + "; binary: " + binaryText() + " texts: " + texts)
                    .isTrue());
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
    socket.abort();
  }
}
