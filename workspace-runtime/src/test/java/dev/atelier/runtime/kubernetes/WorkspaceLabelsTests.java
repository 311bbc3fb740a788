package dev.atelier.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import org.junit.jupiter.api.Test;

class WorkspaceLabelsTests {

  @Test
  void labelValuesAreSafeForKubernetes() {
    assertThat(WorkspaceLabels.labelValue("alice@example.com")).isEqualTo("alice-example.com");
    assertThat(WorkspaceLabels.labelValue("--x--")).isEqualTo("x");
    assertThat(WorkspaceLabels.labelValue("a".repeat(80))).hasSize(63);
    assertThat(WorkspaceLabels.labelValue(null)).isEmpty();
    assertThat(WorkspaceLabels.labelValue("@@@")).isEmpty();
  }

  @Test
  void objectNamesComeFromValidIdsOnly() {
    assertThat(WorkspaceLabels.objectName("a1-b2")).isEqualTo("ws-a1-b2");
    for (String id : new String[] {"", "UPPER", "-x", "x-", "a_b", "a".repeat(61)}) {
      assertThatThrownBy(() -> WorkspaceLabels.objectName(id))
          .isInstanceOf(WorkspaceRuntimeException.class);
    }
  }
}
