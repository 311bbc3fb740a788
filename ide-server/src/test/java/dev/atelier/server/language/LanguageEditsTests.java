package dev.atelier.server.language;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.server.error.AtelierException;
import java.util.List;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.Test;

/** Language server edits applied to a document's text. */
class LanguageEditsTests {

  private static TextEdit edit(int l1, int c1, int l2, int c2, String text) {
    return new TextEdit(new Range(new Position(l1, c1), new Position(l2, c2)), text);
  }

  @Test
  void aRenameEditsEveryOccurrenceWhateverTheOrderOfTheEdits() {
    String text = "def add(a, b):\n    return a + b\n\nprint(add(1, 2))\n";
    assertThat(
            LanguageEdits.applyTo(
                text, List.of(edit(3, 6, 3, 9, "plus"), edit(0, 4, 0, 7, "plus"))))
        .isEqualTo("def plus(a, b):\n    return a + b\n\nprint(plus(1, 2))\n");
  }

  @Test
  void positionsPastTheEndAreClampedAndUtf16CharactersCount() {
    assertThat(LanguageEdits.applyTo("é😀x\nend", List.of(edit(0, 3, 0, 4, "y"))))
        .isEqualTo("é😀y\nend");
    assertThat(LanguageEdits.applyTo("ab\ncd", List.of(edit(0, 99, 5, 0, "!")))).isEqualTo("ab!");
    assertThat(LanguageEdits.applyTo("", List.of(edit(0, 0, 0, 0, "new\n")))).isEqualTo("new\n");
  }

  @Test
  void overlappingEditsAreRefused() {
    assertThatThrownBy(
            () ->
                LanguageEdits.applyTo(
                    "abcdef", List.of(edit(0, 0, 0, 4, "x"), edit(0, 2, 0, 5, "y"))))
        .isInstanceOf(AtelierException.class)
        .hasMessageContaining("overlapping");
  }
}
