package dev.atelier.documents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThreeWayMergeTests {

  @Test
  void unchangedDocumentTakesTheDiskVersion() {
    assertThat(ThreeWayMerge.merge("abc", "abc", "abXc")).isEqualTo("abXc");
  }

  @Test
  void unchangedDiskKeepsTheDocument() {
    assertThat(ThreeWayMerge.merge("abc", "aYbc", "abc")).isEqualTo("aYbc");
  }

  @Test
  void separateChangesAreBothKept() {
    String base = "line one\nline two\nline three\n";
    String ours = "line one!\nline two\nline three\n";
    String theirs = "line one\nline two\nline three\nline four\n";
    assertThat(ThreeWayMerge.merge(base, ours, theirs))
        .isEqualTo("line one!\nline two\nline three\nline four\n");
    assertThat(ThreeWayMerge.merge(base, theirs, ours))
        .isEqualTo("line one!\nline two\nline three\nline four\n");
  }

  @Test
  void adjacentChangesAreBothKept() {
    assertThat(ThreeWayMerge.merge("hello world", "hello brave world", "hello there"))
        .isEqualTo("hello brave there");
  }

  @Test
  void overlappingChangesKeepTheDiskVersionAndWhatEditorsTyped() {
    assertThat(ThreeWayMerge.merge("abcdef", "abXYef", "abZf")).isEqualTo("abZXYf");
  }

  @Test
  void identicalChangesAreNotDoubled() {
    assertThat(ThreeWayMerge.merge("ab", "aXb", "aXb")).isEqualTo("aXb");
  }

  @Test
  void surrogatePairsAreNeverSplit() {
    String merged = ThreeWayMerge.merge("x\uD83D\uDE00y", "x\uD83D\uDE01y", "x\uD83D\uDE00yz");
    assertThat(merged).isEqualTo("x\uD83D\uDE01yz");
  }
}
