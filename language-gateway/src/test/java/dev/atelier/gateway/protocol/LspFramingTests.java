package dev.atelier.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LspFramingTests {

  @Test
  void framesRoundTripWithMultiByteText() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LspFraming.write(out, "{\"a\":\"ü😀\"}");
    LspFraming.write(out, "{}");
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Content-Length: 14\r\n\r\n");
    LspFraming.Reader reader = new LspFraming.Reader(new ByteArrayInputStream(out.toByteArray()));
    assertThat(reader.next()).isEqualTo("{\"a\":\"ü😀\"}");
    assertThat(reader.next()).isEqualTo("{}");
    assertThat(reader.next()).isNull();
  }

  @Test
  void otherHeadersAndHeaderCaseAreAccepted() throws IOException {
    String stream =
        "content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}";
    assertThat(new LspFraming.Reader(new ByteArrayInputStream(stream.getBytes())).next())
        .isEqualTo("{}");
  }

  @Test
  void brokenStreamsFailLoudly() {
    assertThatThrownBy(() -> read("Content-Length: 10\r\n\r\n{}")).isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> read("Content-Length: x\r\n\r\n{}"))
        .hasMessageContaining("Content-Length");
    assertThatThrownBy(() -> read("garbage\r\n\r\n")).hasMessageContaining("malformed header");
    assertThatThrownBy(() -> read("Content-Type: a\r\n\r\n{}"))
        .hasMessageContaining("Content-Length");
  }

  private static String read(String stream) throws IOException {
    return new LspFraming.Reader(new ByteArrayInputStream(stream.getBytes())).next();
  }
}
