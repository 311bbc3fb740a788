package dev.atelier.collab.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TextDiffTests {

  private static String apply(String before, TextDiff d) {
    return before.substring(0, d.start())
        + d.insert()
        + before.substring(d.start() + d.deleteCount());
  }

  @Test
  void keepsCommonPrefixAndSuffix() {
    assertThat(TextDiff.between("hello world", "hello world")).isNull();
    assertThat(TextDiff.between("hello world", "hello world\n"))
        .isEqualTo(new TextDiff(11, 0, "\n"));
    assertThat(TextDiff.between("hello world", "hello there world"))
        .isEqualTo(new TextDiff(6, 0, "there "));
    assertThat(TextDiff.between("aaaa", "aa")).isEqualTo(new TextDiff(2, 2, ""));
    assertThat(TextDiff.between("", "x")).isEqualTo(new TextDiff(0, 0, "x"));
  }

  @Test
  void neverSplitsASurrogatePair() {
    // U+1F600 and U+1F601 share their high surrogate.
    TextDiff d = TextDiff.between("a\uD83D\uDE00b", "a\uD83D\uDE01b");
    assertThat(d).isEqualTo(new TextDiff(1, 2, "\uD83D\uDE01"));
    TextDiff s = TextDiff.between("\uD83D\uDE00x", "\uD83C\uDE00x");
    assertThat(s).isEqualTo(new TextDiff(0, 2, "\uD83C\uDE00"));
  }

  @Test
  void randomEditsRoundTrip() {
    Random r = new Random(7);
    String alphabet = "ab\n\uD83D\uDE00";
    for (int i = 0; i < 2000; i++) {
      String before = random(r, alphabet);
      String after = random(r, alphabet);
      TextDiff d = TextDiff.between(before, after);
      assertThat(d == null ? before : apply(before, d)).isEqualTo(after);
      if (d != null) {
        assertThat(Character.isLowSurrogate(charAtOrZero(before, d.start()))).isFalse();
        assertThat(Character.isLowSurrogate(charAtOrZero(before, d.start() + d.deleteCount())))
            .isFalse();
      }
    }
  }

  private static char charAtOrZero(String s, int i) {
    return i < s.length() ? s.charAt(i) : 0;
  }

  private static String random(Random r, String alphabet) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(8);
    for (int i = 0; i < n; i++) {
      int k = r.nextInt(4);
      sb.append(k == 3 ? "\uD83D\uDE00" : String.valueOf(alphabet.charAt(k)));
    }
    return sb.toString();
  }
}
