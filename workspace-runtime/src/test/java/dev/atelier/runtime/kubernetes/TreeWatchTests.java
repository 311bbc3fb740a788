package dev.atelier.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.runtime.kubernetes.TreeWatch.Signature;
import dev.atelier.runtime.spi.WorkspaceFiles.FileChange;
import dev.atelier.runtime.spi.WorkspaceFiles.FileChange.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TreeWatchTests {

  @Test
  void parsesListingsIncludingNamesWithLineBreaks() {
    Map<String, Signature> tree =
        TreeWatch.parse(
            "41ed 4096 1700000000 11 ./src\n81a4 12 1700000001 12 ./src/a.py\n81a4 3 1700000002 13 ./odd\nname\n");
    assertThat(tree)
        .containsEntry("src", new Signature(true, 4096, 1700000000, 11))
        .containsEntry("src/a.py", new Signature(false, 12, 1700000001, 12))
        .containsEntry("odd\nname", new Signature(false, 3, 1700000002, 13))
        .hasSize(3);
  }

  @Test
  void diffReportsCreatedModifiedDeletedButNotFolderTimes() {
    Map<String, Signature> before =
        Map.of(
            "src", new Signature(true, 4096, 1, 1),
            "src/a.py", new Signature(false, 10, 1, 2),
            "src/b.py", new Signature(false, 10, 1, 3),
            "swap", new Signature(false, 1, 1, 4));
    Map<String, Signature> after =
        Map.of(
            "src", new Signature(true, 4096, 2, 1),
            "src/a.py", new Signature(false, 10, 1, 9),
            "src/c.py", new Signature(false, 1, 2, 5),
            "swap", new Signature(true, 4096, 2, 4));
    assertThat(TreeWatch.diff(before, after))
        .containsExactly(
            new FileChange(Kind.MODIFIED, "src/a.py"),
            new FileChange(Kind.DELETED, "src/b.py"),
            new FileChange(Kind.CREATED, "src/c.py"),
            new FileChange(Kind.DELETED, "swap"),
            new FileChange(Kind.CREATED, "swap"));
    assertThat(TreeWatch.diff(after, after)).isEmpty();
  }
}
