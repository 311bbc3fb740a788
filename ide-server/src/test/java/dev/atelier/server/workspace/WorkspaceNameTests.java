package dev.atelier.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.stacks.Stack;
import org.junit.jupiter.api.Test;

class WorkspaceNameTests {

  private final Stack python =
      new Stack("python", "Python", null, null, null, null, null, null, null, null, null, null);

  @Test
  void explicitNameIsKeptWhenValid() {
    assertThat(WorkspaceService.name("  My project 2 ", null, python)).isEqualTo("My project 2");
  }

  @Test
  void invalidNameIsRefusedWithTheRules() {
    assertThatThrownBy(() -> WorkspaceService.name("../../etc", null, python))
        .isInstanceOf(AtelierException.class)
        .hasMessageContaining("1-63 letters")
        .extracting(e -> ((AtelierException) e).code())
        .isEqualTo(ErrorCode.INVALID_NAME);
    assertThatThrownBy(() -> WorkspaceService.name("x".repeat(64), null, python))
        .isInstanceOf(AtelierException.class);
  }

  @Test
  void missingNameComesFromRepositoryOrStack() {
    assertThat(WorkspaceService.name(null, "https://h/o/hello-world.git", python))
        .isEqualTo("hello-world");
    assertThat(WorkspaceService.name("", null, python)).isEqualTo("python");
    assertThat(WorkspaceService.name(null, "https://h/o/.hidden", python)).isEqualTo("hidden");
  }
}
