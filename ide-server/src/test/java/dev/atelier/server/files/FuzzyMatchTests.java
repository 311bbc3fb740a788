package dev.atelier.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FuzzyMatchTests {

  private static final List<String> PATHS =
      List.of(
          "web/base/vendor.js",
          "src/main/java/dev/atelier/server/ui/workbench/WorkbenchView.java",
          "src/main/java/dev/atelier/server/ui/workbench/Workbench.java",
          "README.md",
          "docs/api.md");

  private static List<String> rank(String query) {
    return FuzzyMatch.rank(query, PATHS, 10).stream().map(FuzzyMatch.Hit::path).toList();
  }

  @Test
  void wordStartsInTheFileNameWinOverScatteredLetters() {
    assertThat(rank("wbv").get(0)).endsWith("WorkbenchView.java");
    assertThat(rank("wbv")).contains("web/base/vendor.js");
  }

  @Test
  void prefixOfTheFileNameWinsAndShorterPathsBreakTies() {
    assertThat(rank("workbench")).startsWith(PATHS.get(2), PATHS.get(1));
    assertThat(rank("readme")).containsExactly("README.md");
  }

  @Test
  void nonSubsequencesDoNotMatchAndEmptyQueryListsEverything() {
    assertThat(rank("zzz")).isEmpty();
    assertThat(rank("")).hasSize(PATHS.size());
    assertThat(rank("api md")).first().isEqualTo("docs/api.md");
  }

  @Test
  void positionsPointAtTheMatchedCharacters() {
    FuzzyMatch.Hit hit = FuzzyMatch.match("api", "docs/api.md");
    assertThat(hit.positions()).containsExactly(5, 6, 7);
  }
}
