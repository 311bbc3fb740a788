package dev.atelier.gateway.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.junit.jupiter.api.Test;

class TextDiffTests {

  /** Applies a change as a language server does: positions to offsets, then replace. */
  static String apply(String text, TextDocumentContentChangeEvent change) {
    Range range = change.getRange();
    int start = Positions.offsetOf(text, range.getStart());
    int end = Positions.offsetOf(text, range.getEnd());
    return text.substring(0, start) + change.getText() + text.substring(end);
  }

  @Test
  void equalTextsNeedNoChange() {
    assertThat(TextDiff.between("abc", "abc")).isEmpty();
  }

  @Test
  void aTypedCharacterIsASingleInsertionAtItsPosition() {
    TextDocumentContentChangeEvent change =
        TextDiff.between("def f():\n  pass\n", "def f():\n  pasts\n").orElseThrow();
    assertThat(change.getRange()).isEqualTo(new Range(new Position(1, 5), new Position(1, 5)));
    assertThat(change.getText()).isEqualTo("t");
  }

  @Test
  void aDeletedLineIsAReplacementByNothing() {
    TextDocumentContentChangeEvent change = TextDiff.between("a\nb\nc\n", "a\nc\n").orElseThrow();
    assertThat(apply("a\nb\nc\n", change)).isEqualTo("a\nc\n");
    assertThat(change.getText()).isEmpty();
  }

  @Test
  void crLfIsNeverSplit() {
    String before = "a\r\nb";
    String after = "a\r\r\nb";
    TextDocumentContentChangeEvent change = TextDiff.between(before, after).orElseThrow();
    assertThat(apply(before, change)).isEqualTo(after);
    assertThat(change.getRange().getStart()).isEqualTo(new Position(0, 1));
  }

  @Test
  void surrogatePairsAreNeverSplitAndCountAsTwoUnits() {
    String before = "x😀y";
    String after = "x😃y";
    TextDocumentContentChangeEvent change = TextDiff.between(before, after).orElseThrow();
    assertThat(change.getText()).isEqualTo("😃");
    assertThat(change.getRange()).isEqualTo(new Range(new Position(0, 1), new Position(0, 3)));
  }

  @Test
  void randomEditsAlwaysReproduceTheNewText() {
    Random random = new Random(42);
    String alphabet = "ab \n\r\t😀é{}";
    for (int round = 0; round < 5000; round++) {
      String before = randomText(random, alphabet, random.nextInt(40));
      String after = mutate(random, alphabet, before);
      var change = TextDiff.between(before, after);
      if (before.equals(after)) {
        assertThat(change).isEmpty();
      } else {
        assertThat(apply(before, change.orElseThrow()))
            .as("%s -> %s", before, after)
            .isEqualTo(after);
      }
    }
  }

  private static String mutate(Random random, String alphabet, String text) {
    StringBuilder out = new StringBuilder(text);
    int edits = 1 + random.nextInt(3);
    for (int i = 0; i < edits; i++) {
      int at = out.length() == 0 ? 0 : random.nextInt(out.length() + 1);
      if (random.nextBoolean() && out.length() > 0) {
        int end = Math.min(out.length(), at + random.nextInt(5));
        out.delete(Math.min(at, out.length()), end);
      } else {
        out.insert(Math.min(at, out.length()), randomText(random, alphabet, random.nextInt(5)));
      }
    }
    return out.toString();
  }

  private static String randomText(Random random, String alphabet, int length) {
    StringBuilder out = new StringBuilder();
    int[] points = alphabet.codePoints().toArray();
    for (int i = 0; i < length; i++) {
      out.appendCodePoint(points[random.nextInt(points.length)]);
    }
    return out.toString();
  }
}
