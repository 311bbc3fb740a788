package dev.atelier.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import org.junit.jupiter.api.Test;

class WorkspacePathsTests {

  @Test
  void relativePathsAreNormalized() {
    assertThat(WorkspacePaths.normalize(null)).isEmpty();
    assertThat(WorkspacePaths.normalize("/")).isEmpty();
    assertThat(WorkspacePaths.normalize("src/app.py")).isEqualTo("src/app.py");
    assertThat(WorkspacePaths.normalize("src/")).isEqualTo("src");
    assertThat(WorkspacePaths.normalize("..hidden/x..y")).isEqualTo("..hidden/x..y");
  }

  @Test
  void hostilePathsAreInvalid() {
    for (String path :
        new String[] {
          "/etc/passwd", "../x", "a/../../b", "a/./b", "a//b", "a\0b", "a\\b", "a\nb"
        }) {
      assertThatThrownBy(() -> WorkspacePaths.normalize(path))
          .as(path)
          .isInstanceOfSatisfying(
              AtelierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PATH));
    }
    assertThatThrownBy(() -> WorkspacePaths.normalize("a/".repeat(3000)))
        .hasMessageContaining("longer than");
  }

  @Test
  void namesArePlainAndHelpersSplitPaths() {
    assertThat(WorkspacePaths.name(" app.py ")).isEqualTo("app.py");
    assertThatThrownBy(() -> WorkspacePaths.name("a/b")).isInstanceOf(AtelierException.class);
    assertThatThrownBy(() -> WorkspacePaths.name("")).hasMessageContaining("Enter a name");
    assertThat(WorkspacePaths.parent("a/b/c")).isEqualTo("a/b");
    assertThat(WorkspacePaths.parent("c")).isEmpty();
    assertThat(WorkspacePaths.child("", "x")).isEqualTo("x");
    assertThat(WorkspacePaths.isWithin("a/b", "a")).isTrue();
    assertThat(WorkspacePaths.isWithin("ab", "a")).isFalse();
  }
}
