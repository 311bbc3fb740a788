package dev.atelier.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.stacks.Resources;
import org.junit.jupiter.api.Test;

class WorkspaceLimitsPropertiesTests {

  @Test
  void theDefaultsMakeAPolicyThatFitsTheBuiltInStacks() {
    var checked = new WorkspaceLimitsProperties("2", "4", "2Gi", "8Gi", 512, 2048, 10).checked();

    assertThat(checked.policy().defaults()).isEqualTo(new Resources(2000, 2L << 30, 512));
    assertThat(checked.policy().ceilings()).isEqualTo(new Resources(4000, 8L << 30, 2048));
    assertThat(checked.maxTerminals()).isEqualTo(10);
    // java-maven, the largest built-in stack, asks for 2 CPUs, 3Gi and 1024 processes.
    assertThat(checked.policy().apply(new Resources(2000, 3L << 30, 1024)).adjustments()).isEmpty();
  }

  @Test
  void badPropertiesStopTheServerNamingTheProperty() {
    assertThatThrownBy(() -> new WorkspaceLimitsProperties("2", "4", "2Gi", "1Gi", 512, 2048, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "server configuration: Memory: the default (2 GiB) is above the maximum (1 GiB);"
                + " lower the default or raise the maximum");
    assertThatThrownBy(
            () -> new WorkspaceLimitsProperties("2", "four", "2Gi", "8Gi", 512, 2048, 10))
        .hasMessageStartingWith(
            "server configuration: atelier.workspace.limits.max-cpu: found the string \"four\"");
    assertThatThrownBy(() -> new WorkspaceLimitsProperties("2", "4", "2Gi", "8Gi", 0, 2048, 10))
        .hasMessage(
            "server configuration: atelier.workspace.limits.default-pids: found 0, give a whole"
                + " number from 1");
    assertThatThrownBy(() -> new WorkspaceLimitsProperties("2", "4", "2Gi", "8Gi", 512, 2048, 0))
        .hasMessageContaining("atelier.workspace.limits.max-terminals: found 0");
  }

  @Test
  void settingsAreStoredInCanonicalForm() {
    var checked =
        new WorkspaceLimitSettings("500m", "1.50", "1024Mi", "2g", 64L, 128L, 3)
            .check("workspace limits", field -> field);

    assertThat(checked.settings())
        .isEqualTo(new WorkspaceLimitSettings("0.5", "1.5", "1Gi", "2Gi", 64L, 128L, 3));
  }
}
