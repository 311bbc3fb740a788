package dev.atelier.collab.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Lib0CodecTests {

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  @Test
  void varUintUsesSevenBitGroupsLeastSignificantFirst() {
    Lib0Writer w = new Lib0Writer();
    w.writeVarUint(0);
    w.writeVarUint(127);
    w.writeVarUint(128);
    w.writeVarUint(300);
    w.writeVarUint(Lib0Writer.MAX_SAFE_INTEGER);
    assertThat(hex(w.toByteArray())).isEqualTo("00" + "7f" + "8001" + "ac02" + "ffffffffffffff0f");
    Lib0Reader r = new Lib0Reader(w.toByteArray());
    assertThat(r.readVarUint()).isZero();
    assertThat(r.readVarUint()).isEqualTo(127);
    assertThat(r.readVarUint()).isEqualTo(128);
    assertThat(r.readVarUint()).isEqualTo(300);
    assertThat(r.readVarUint()).isEqualTo(Lib0Writer.MAX_SAFE_INTEGER);
    assertThat(r.hasRemaining()).isFalse();
  }

  @Test
  void varUintAboveTwoPow53IsRejected() {
    Lib0Reader r = new Lib0Reader(bytes("ffffffffffffff1f"));
    assertThatThrownBy(r::readVarUint)
        .isInstanceOfSatisfying(
            CollabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
    Lib0Reader endless = new Lib0Reader(bytes("8080808080808080808080808000"));
    assertThatThrownBy(endless::readVarUint).isInstanceOf(CollabException.class);
  }

  @Test
  void varIntCarriesSignBitAndNegativeZero() {
    Lib0Writer w = new Lib0Writer();
    w.writeVarInt(1);
    w.writeVarInt(-1);
    w.writeVarInt(64);
    w.writeVarInt(-1000);
    w.writeNegativeZeroVarInt();
    assertThat(hex(w.toByteArray())).isEqualTo("01" + "41" + "8001" + "e80f" + "40");
    Lib0Reader r = new Lib0Reader(w.toByteArray());
    assertThat(r.readVarInt()).isEqualTo(1);
    assertThat(r.readVarInt()).isEqualTo(-1);
    assertThat(r.readVarInt()).isEqualTo(64);
    assertThat(r.readVarInt()).isEqualTo(-1000);
    assertThat(r.readVarInt()).isZero();
    assertThat(r.lastVarIntWasNegativeZero()).isTrue();
  }

  @Test
  void stringsAreUtf8WithLoneSurrogatesReplacedLikeABrowser() {
    Lib0Writer w = new Lib0Writer();
    w.writeVarString("a\u00e9\u20ac\ud83d\ude00");
    w.writeVarString("x\ud83d");
    assertThat(hex(w.toByteArray())).isEqualTo("0a61c3a9e282acf09f9880" + "0478efbfbd");
    Lib0Reader r = new Lib0Reader(w.toByteArray());
    assertThat(r.readVarString()).isEqualTo("a\u00e9\u20ac\ud83d\ude00");
    assertThat(r.readVarString()).isEqualTo("x\ufffd");
  }

  @Test
  void invalidUtf8IsMalformed() {
    for (String bad : List.of("01ff", "02c0af", "03eda080", "02e282", "04f4908080")) {
      assertThatThrownBy(() -> new Lib0Reader(bytes(bad)).readVarString())
          .as(bad)
          .isInstanceOfSatisfying(
              CollabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED));
    }
  }

  @Test
  void hugeDeclaredLengthsAreRejectedBeforeAllocating() {
    Lib0Reader r = new Lib0Reader(bytes("ffffffffffffff0f41"));
    assertThatThrownBy(r::readVarUint8Array)
        .isInstanceOfSatisfying(
            CollabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRUNCATED));
    Lib0Reader arr = new Lib0Reader(bytes("75ffffffff0f7e"));
    assertThatThrownBy(arr::readAny).isInstanceOf(CollabException.class);
    Lib0Reader obj = new Lib0Reader(bytes("76ffffffff0f"));
    assertThatThrownBy(obj::readAny).isInstanceOf(CollabException.class);
  }

  @Test
  void everyPrefixOfAValueIsTruncated() {
    Lib0Writer w = new Lib0Writer();
    w.writeAny(Map.of("k", List.of(1, "two", 3.5, true, new byte[] {1, 2})));
    byte[] full = w.toByteArray();
    for (int n = 0; n < full.length; n++) {
      byte[] prefix = Arrays.copyOf(full, n);
      assertThatThrownBy(() -> new Lib0Reader(prefix).readAny())
          .isInstanceOfSatisfying(
              CollabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRUNCATED));
    }
  }

  @Test
  void anyValuesUseLib0TagsAndRoundTrip() {
    Map<String, Object> obj = new LinkedHashMap<>();
    obj.put("b", 1);
    obj.put("a", "x");
    Lib0Writer w = new Lib0Writer();
    w.writeAny(null);
    w.writeAny(Undefined.INSTANCE);
    w.writeAny(true);
    w.writeAny(false);
    w.writeAny(7);
    w.writeAny(-0.0d);
    w.writeAny(0.5d);
    w.writeAny(0.1d);
    w.writeAny(4294967296L);
    w.writeAny(BigInteger.valueOf(-2));
    w.writeAny("s");
    w.writeAny(new byte[] {9});
    w.writeAny(List.of(1, 2));
    w.writeAny(obj);
    assertThat(hex(w.toByteArray()))
        .isEqualTo(
            "7e"
                + "7f"
                + "78"
                + "79"
                + "7d07"
                + "7d40"
                + "7c3f000000"
                + "7b3fb999999999999a"
                + "7c4f800000"
                + "7afffffffffffffffe"
                + "770173"
                + "740109"
                + "75027d017d02"
                + "760201627d01016177017 8".replace(" ", ""));
    Lib0Reader r = new Lib0Reader(w.toByteArray());
    assertThat(r.readAny()).isNull();
    assertThat(r.readAny()).isEqualTo(Undefined.INSTANCE);
    assertThat(r.readAny()).isEqualTo(true);
    assertThat(r.readAny()).isEqualTo(false);
    assertThat(r.readAny()).isEqualTo(7);
    assertThat(Double.doubleToRawLongBits((Double) r.readAny()))
        .isEqualTo(Double.doubleToRawLongBits(-0.0d));
    assertThat(r.readAny()).isEqualTo(0.5d);
    assertThat(r.readAny()).isEqualTo(0.1d);
    assertThat(r.readAny()).isEqualTo(4294967296d);
    assertThat(r.readAny()).isEqualTo(BigInteger.valueOf(-2));
    assertThat(r.readAny()).isEqualTo("s");
    assertThat((byte[]) r.readAny()).containsExactly(9);
    assertThat(r.readAny()).isEqualTo(List.of(1, 2));
    assertThat(r.readAny()).isEqualTo(obj);
    assertThat(r.hasRemaining()).isFalse();
  }

  @Test
  void objectKeysFollowJavaScriptEnumerationOrder() {
    Map<String, Object> obj = new LinkedHashMap<>();
    obj.put("z", 1);
    obj.put("10", 2);
    obj.put("2", 3);
    obj.put("01", 4);
    Lib0Writer w = new Lib0Writer();
    w.writeAny(obj);
    Map<?, ?> back = (Map<?, ?>) new Lib0Reader(w.toByteArray()).readAny();
    assertThat(new ArrayList<Object>(back.keySet())).containsExactly("2", "10", "z", "01");
  }

  @Test
  void nestingDepthIsLimited() {
    byte[] deep = new byte[1000];
    Arrays.fill(deep, 0, 999, (byte) 0x75);
    for (int i = 0; i < 999; i += 2) {
      deep[i + 1] = 1;
    }
    assertThatThrownBy(() -> new Lib0Reader(deep).readAny())
        .isInstanceOfSatisfying(
            CollabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
  }
}
