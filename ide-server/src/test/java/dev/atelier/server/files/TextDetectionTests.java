package dev.atelier.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TextDetectionTests {

  @Test
  void utf8TextIsTextAndNulOrInvalidBytesAreBinary() {
    assertThat(TextDetection.isText("héllo wörld €\n".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(TextDetection.isText(new byte[0])).isTrue();
    assertThat(TextDetection.isText(new byte[] {'a', 0, 'b'})).isFalse();
    assertThat(TextDetection.isText(new byte[] {(byte) 0xff, (byte) 0xfe, 'a'})).isFalse();
  }

  @Test
  void aCharacterCutAtTheEndOfTheSampleStillCountsAsText() {
    byte[] content = new byte[TextDetection.SAMPLE + 10];
    Arrays.fill(content, (byte) 'a');
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
    System.arraycopy(euro, 0, content, TextDetection.SAMPLE - 1, euro.length);
    assertThat(TextDetection.isText(content)).isTrue();
  }
}
