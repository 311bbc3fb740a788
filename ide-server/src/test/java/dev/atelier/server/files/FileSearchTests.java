package dev.atelier.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FileSearchTests {

  private static List<FileSearch.LineMatch> find(String text, FileSearch.Query query) {
    Pattern pattern = FileSearch.compile(query);
    return FileSearch.searchFile(
        text.getBytes(StandardCharsets.UTF_8),
        pattern,
        100,
        System.nanoTime() + 5_000_000_000L,
        new boolean[1]);
  }

  @Test
  void lineAndColumnAreOneBasedAndLongLinesAreCutAroundTheMatch() {
    List<FileSearch.LineMatch> matches =
        find(
            "a\r\n  foo\n" + "x".repeat(500) + "foo",
            new FileSearch.Query("foo", false, false, false));
    assertThat(matches).extracting(FileSearch.LineMatch::line).containsExactly(2, 3);
    assertThat(matches.get(0).column()).isEqualTo(3);
    assertThat(matches.get(0).preview()).isEqualTo("  foo");
    FileSearch.LineMatch longLine = matches.get(1);
    assertThat(longLine.column()).isEqualTo(501);
    assertThat(longLine.preview().substring(longLine.start(), longLine.end())).isEqualTo("foo");
    assertThat(longLine.preview().length()).isLessThanOrEqualTo(FileSearch.MAX_PREVIEW);
  }

  @Test
  void catastrophicBacktrackingIsCutByTheDeadline() {
    boolean[] cut = new boolean[1];
    long start = System.nanoTime();
    FileSearch.searchFile(
        "a".repeat(30).getBytes(StandardCharsets.UTF_8),
        FileSearch.compile(new FileSearch.Query("(.*a){10}x", true, true, false)),
        100,
        System.nanoTime() + 200_000_000L,
        cut);
    assertThat(cut[0]).isTrue();
    assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
  }
}
