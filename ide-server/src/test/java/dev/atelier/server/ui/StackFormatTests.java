package dev.atelier.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.stacks.Command;
import dev.atelier.stacks.Resources;
import java.util.List;
import org.junit.jupiter.api.Test;

class StackFormatTests {

  @Test
  void commandsShowAsWritten() {
    assertThat(StackFormat.command(Command.shell("mvn -q package"))).isEqualTo("mvn -q package");
    assertThat(StackFormat.command(Command.argv(List.of("pylsp", "-v")))).isEqualTo("pylsp -v");
    assertThat(StackFormat.command(null)).isEmpty();
  }

  @Test
  void resourcesUseReadableUnits() {
    Resources resources = new Resources(1500, 2L * 1024 * 1024 * 1024, 512);
    assertThat(StackFormat.resources(resources))
        .isEqualTo("1.5 CPU · 2 GiB memory · 512 processes");
    assertThat(StackFormat.resources(new Resources(0, 768L * 1024 * 1024, 0)))
        .isEqualTo("768 MiB memory");
    assertThat(StackFormat.resources(Resources.UNLIMITED)).isEqualTo("No limits");
  }

  @Test
  void memoryPicksTheLargestReadableUnit() {
    assertThat(StackFormat.memory(1536L * 1024 * 1024)).isEqualTo("1.5 GiB");
    assertThat(StackFormat.memory(4096)).isEqualTo("4 KiB");
    assertThat(StackFormat.memory(100)).isEqualTo("100 B");
  }
}
