package dev.atelier.extensions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExtensionApiTests {

  @Test
  void sameMajorAndAnOlderOrEqualMinorAreCompatible() {
    assertThat(ExtensionApi.VERSION).isEqualTo(ExtensionApi.MAJOR + "." + ExtensionApi.MINOR);
    assertThat(ExtensionApi.isCompatible(ExtensionApi.VERSION)).isTrue();
    assertThat(ExtensionApi.isCompatible(ExtensionApi.MAJOR + ".0")).isTrue();
    assertThat(ExtensionApi.isCompatible(ExtensionApi.MAJOR + "." + (ExtensionApi.MINOR + 1)))
        .isFalse();
    assertThat(ExtensionApi.isCompatible((ExtensionApi.MAJOR + 1) + ".0")).isFalse();
    assertThat(ExtensionApi.isCompatible((ExtensionApi.MAJOR - 1) + ".9")).isFalse();
  }

  @Test
  void malformedVersionsAreRejected() {
    assertThatThrownBy(() -> ExtensionApi.isCompatible("1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("api-version must look like");
    assertThatThrownBy(() -> ExtensionApi.isCompatible(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void contributionsValidateTheirIds() {
    assertThatThrownBy(() -> new CommandContribution("Bad Id", "Label", null, true, ctx -> {}))
        .hasMessageContaining("command id must be");
    assertThatThrownBy(() -> new CommandContribution("ok.id", "line\nbreak", null, true, ctx -> {}))
        .hasMessageContaining("without control characters");
    assertThatThrownBy(
            () ->
                new PanelContribution(
                    "p", "P", null, PanelContribution.Location.SIDE, 0, ctx -> new Object()))
        .hasMessageContaining("side panel icon");
  }
}
