package dev.atelier.server.ui.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class FuzzyMatchTests {

  private static final List<String> LABELS =
      List.of(
          "View: Reopen Closed Editor",
          "View: Close Editor",
          "Terminal: New Terminal",
          "Preferences: Toggle Light/Dark Theme",
          "Tasks: Run Task",
          "File: Save");

  @Test
  void charactersMustAppearInOrder() {
    assertThat(FuzzyMatch.score("save", "File: Save")).isPresent();
    assertThat(FuzzyMatch.score("evas", "File: Save")).isEmpty();
    assertThat(FuzzyMatch.score("xyz", "File: Save")).isEmpty();
  }

  @Test
  void matchingIgnoresCase() {
    assertThat(FuzzyMatch.score("FILE", "file: save")).isPresent();
  }

  @Test
  void wordStartsRankAboveScatteredLetters() {
    assertThat(FuzzyMatch.filter("tnt", LABELS, Function.identity()))
        .first()
        .isEqualTo("Terminal: New Terminal");
    assertThat(FuzzyMatch.filter("rce", LABELS, Function.identity()))
        .first()
        .isEqualTo("View: Reopen Closed Editor");
    assertThat(FuzzyMatch.filter("tgl theme", LABELS, Function.identity()))
        .containsExactly("Preferences: Toggle Light/Dark Theme");
  }

  @Test
  void consecutiveCharactersRankAboveSpreadOnes() {
    assertThat(FuzzyMatch.score("close", "View: Close Editor").getAsInt())
        .isGreaterThan(FuzzyMatch.score("close", "View: Reopen Closed Editor").getAsInt());
  }

  @Test
  void emptyQueryKeepsEverythingInOrder() {
    assertThat(FuzzyMatch.filter("  ", LABELS, Function.identity())).isEqualTo(LABELS);
  }

  @Test
  void spacesInTheQueryAreIgnored() {
    assertThat(FuzzyMatch.score("run task", "Tasks: Run Task")).isPresent();
  }
}
