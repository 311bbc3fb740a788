package dev.atelier.collab.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloseCodesTests {

  @Test
  void errorCodesMapToWebSocketCloseCodes() {
    assertThat(CloseCodes.forError(new CollabException(ErrorCode.TRUNCATED, "t"))).isEqualTo(1007);
    assertThat(CloseCodes.forError(new CollabException(ErrorCode.MALFORMED, "m"))).isEqualTo(1007);
    assertThat(CloseCodes.forError(new CollabException(ErrorCode.UNKNOWN_MESSAGE_TYPE, "u")))
        .isEqualTo(1003);
    assertThat(CloseCodes.forError(new CollabException(ErrorCode.LIMIT_EXCEEDED, "l")))
        .isEqualTo(1009);
    assertThat(CloseCodes.forError(new CollabException(ErrorCode.INVALID_OPERATION, "i")))
        .isEqualTo(1008);
  }

  @Test
  void reasonsAreCutTo123Utf8BytesWithoutSplittingCharacters() {
    assertThat(CloseCodes.reason("short")).isEqualTo("short");
    assertThat(CloseCodes.reason(null)).isEmpty();
    String emoji = "\uD83D\uDE00".repeat(100);
    String cut = CloseCodes.reason(emoji);
    assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
    assertThat(cut).endsWith("...").doesNotContain("\uFFFD");
    assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 4))).isFalse();
    assertThat(CloseCodes.reason("x".repeat(500)).getBytes(StandardCharsets.UTF_8)).hasSize(123);
  }

  @Test
  void roomNamesParseAtTheFirstSlash() {
    assertThat(RoomId.parse("ws-1/src/a b.txt")).isEqualTo(new RoomId("ws-1", "src/a b.txt"));
    assertThat(RoomId.parse("ws-1/src/a.txt").toString()).isEqualTo("ws-1/src/a.txt");
    assertThatThrownBy(() -> RoomId.parse("nopath")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RoomId.parse("/x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RoomId.parse("ws/")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RoomId("ws", "a\0b")).isInstanceOf(IllegalArgumentException.class);
  }
}
