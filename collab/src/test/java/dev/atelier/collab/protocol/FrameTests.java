package dev.atelier.collab.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameTests {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static ErrorCode codeOf(Runnable r) {
    try {
      r.run();
    } catch (CollabException e) {
      return e.code();
    }
    throw new AssertionError("expected a CollabException");
  }

  @Test
  void syncFramesHaveTheYWebsocketLayout() {
    byte[] sv = hex("010103");
    assertThat(hex(Frame.sync(SyncMessage.step1(sv)).encode())).isEqualTo("000003010103");
    assertThat(hex(Frame.sync(SyncMessage.step2(hex("0000"))).encode())).isEqualTo("0001020000");
    assertThat(hex(Frame.sync(SyncMessage.update(hex("0000"))).encode())).isEqualTo("0002020000");
    // The empty doc's step 1 as y-websocket sends it: outer 0, step 1, varUint8Array(00).
    assertThat(Frame.decode(hex("00 00 01 00")))
        .isEqualTo(new Frame.Sync(SyncMessage.step1(new byte[] {0})));
  }

  @Test
  void awarenessFramesAreLengthPrefixed() {
    byte[] update = hex("01 05 02 04 6e756c6c");
    byte[] frame = new Frame.AwarenessUpdate(update).encode();
    assertThat(hex(frame)).isEqualTo("0108" + "0105020" + "46e756c6c");
    assertThat(Frame.decode(frame)).isEqualTo(new Frame.AwarenessUpdate(update));
  }

  @Test
  void authAndQueryFramesRoundTrip() {
    byte[] denied = new Frame.PermissionDenied("read-only link").encode();
    assertThat(hex(denied)).startsWith("02000e");
    assertThat(Frame.decode(denied)).isEqualTo(new Frame.PermissionDenied("read-only link"));
    assertThat(Frame.decode(hex("03"))).isEqualTo(new Frame.QueryAwareness());
    assertThat(new Frame.QueryAwareness().encode()).containsExactly(3);
  }

  @Test
  void readOnlyGatingFlagsOnlyStep2AndUpdate() {
    assertThat(Frame.isWrite(hex("00 00 01 00"))).isFalse();
    assertThat(Frame.isWrite(hex("00 01 02 00 00"))).isTrue();
    assertThat(Frame.isWrite(hex("00 02 02 00 00"))).isTrue();
    assertThat(Frame.isWrite(hex("01 01 00"))).isFalse();
    assertThat(Frame.isWrite(hex("03"))).isFalse();
    assertThat(Frame.decode(hex("00 02 02 00 00")).isWrite()).isTrue();
    assertThat(Frame.decode(hex("00 00 01 00")).isWrite()).isFalse();
    assertThat(codeOf(() -> Frame.isWrite(hex("00")))).isEqualTo(ErrorCode.TRUNCATED);
    assertThat(codeOf(() -> Frame.isWrite(hex("00 07")))).isEqualTo(ErrorCode.UNKNOWN_MESSAGE_TYPE);
    assertThat(codeOf(() -> Frame.isWrite(hex("09")))).isEqualTo(ErrorCode.UNKNOWN_MESSAGE_TYPE);
    assertThat(codeOf(() -> Frame.isWrite(new byte[0]))).isEqualTo(ErrorCode.TRUNCATED);
  }

  @Test
  void unknownTypesAreRejectedWithTheirOwnCode() {
    assertThat(codeOf(() -> Frame.decode(hex("04")))).isEqualTo(ErrorCode.UNKNOWN_MESSAGE_TYPE);
    assertThat(codeOf(() -> Frame.decode(hex("00 03 00"))))
        .isEqualTo(ErrorCode.UNKNOWN_MESSAGE_TYPE);
    assertThat(codeOf(() -> Frame.decode(hex("02 01 00"))))
        .isEqualTo(ErrorCode.UNKNOWN_MESSAGE_TYPE);
  }

  @Test
  void truncatedAndTrailingInputIsRejected() {
    assertThat(codeOf(() -> Frame.decode(new byte[0]))).isEqualTo(ErrorCode.TRUNCATED);
    assertThat(codeOf(() -> Frame.decode(hex("00 01 05 00 00")))).isEqualTo(ErrorCode.TRUNCATED);
    assertThat(codeOf(() -> Frame.decode(hex("01 03 01")))).isEqualTo(ErrorCode.TRUNCATED);
    assertThat(codeOf(() -> Frame.decode(hex("02 00 05 61")))).isEqualTo(ErrorCode.TRUNCATED);
    assertThat(codeOf(() -> Frame.decode(hex("00 00 01 00 00")))).isEqualTo(ErrorCode.MALFORMED);
    assertThat(codeOf(() -> Frame.decode(hex("03 00")))).isEqualTo(ErrorCode.MALFORMED);
    assertThat(codeOf(() -> SyncMessage.decode(hex("02 01 00 ff")))).isEqualTo(ErrorCode.MALFORMED);
  }

  @Test
  void hugeDeclaredLengthsAllocateNothing() {
    // varUint8Array declaring 2^53-1 bytes in a 10-byte frame.
    byte[] frame = hex("00 02 ff ff ff ff ff ff ff 0f");
    assertThat(codeOf(() -> Frame.decode(frame)))
        .isIn(ErrorCode.TRUNCATED, ErrorCode.LIMIT_EXCEEDED);
    // A varUint above 2^53.
    assertThat(codeOf(() -> Frame.decode(hex("ff ff ff ff ff ff ff ff 7f"))))
        .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
  }

  @Test
  void framesAboveTheLimitAreRejectedBeforeDecoding() {
    ProtocolLimits small = new ProtocolLimits(64, 16, 32, 8);
    byte[] big = Frame.sync(SyncMessage.update(new byte[100])).encode();
    assertThat(codeOf(() -> Frame.decode(big, small))).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    assertThat(Frame.decode(big)).isInstanceOf(Frame.Sync.class);
  }

  @Test
  void randomBytesOnlyEverRaiseCollabException() {
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[random.nextInt(24)];
      random.nextBytes(b);
      if (b.length > 0 && random.nextBoolean()) {
        b[0] = (byte) random.nextInt(5);
      }
      try {
        Frame f = Frame.decode(b);
        // Decoding is lenient about overlong varints, so compare the re-decoded frame.
        assertThat(Frame.decode(f.encode())).isEqualTo(f);
      } catch (CollabException expected) {
        assertThat(expected.code()).isNotNull();
      }
    }
  }

  @Test
  void syncMessagesCompareByContent() {
    assertThat(SyncMessage.update(hex("0000"))).isEqualTo(SyncMessage.update(hex("0000")));
    assertThat(SyncMessage.update(hex("0000"))).isNotEqualTo(SyncMessage.step2(hex("0000")));
    assertThat(SyncMessage.update(hex("0000")).toString()).contains("UPDATE", "0000");
    assertThatThrownBy(() -> SyncMessage.update(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
