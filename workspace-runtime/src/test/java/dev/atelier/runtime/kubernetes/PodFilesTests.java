package dev.atelier.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import org.junit.jupiter.api.Test;

class PodFilesTests {

  @Test
  void pathsAreNormalisedInsideTheRoot() {
    assertThat(PodFiles.normalize(null)).isEmpty();
    assertThat(PodFiles.normalize("")).isEmpty();
    assertThat(PodFiles.normalize("./src//main/../app.py")).isEqualTo("src/app.py");
    assertThat(PodFiles.normalize("a/b/..")).isEqualTo("a");
    assertThat(PodFiles.absolute("")).isEqualTo("/workspace");
    assertThat(PodFiles.absolute("src/app.py")).isEqualTo("/workspace/src/app.py");
  }

  @Test
  void pathsLeavingTheRootAreRefused() {
    for (String path : new String[] {"/etc/passwd", "..", "a/../../b", "a\0b"}) {
      assertThatThrownBy(() -> PodFiles.normalize(path))
          .isInstanceOfSatisfying(
              WorkspaceRuntimeException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.PATH_OUTSIDE_WORKSPACE));
    }
  }

  @Test
  void entriesDecodeTheRawMode() {
    assertThat(PodFiles.entry("src", "41ed", "4096", "1700000000").directory()).isTrue();
    assertThat(PodFiles.entry("src", "41ed", "4096", "1700000000").size()).isZero();
    assertThat(PodFiles.entry("a.py", "81a4", "12", "1700000000").modifiedMillis())
        .isEqualTo(1_700_000_000_000L);
  }
}
