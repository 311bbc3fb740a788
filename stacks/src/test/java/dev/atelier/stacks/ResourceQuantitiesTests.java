package dev.atelier.stacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourceQuantitiesTests {

  @Test
  void parsesTheStackFileSyntax() {
    assertThat(ResourceQuantities.cpuMillis("s", "max-cpu", "4")).isEqualTo(4000);
    assertThat(ResourceQuantities.cpuMillis("s", "max-cpu", " 1.5 ")).isEqualTo(1500);
    assertThat(ResourceQuantities.cpuMillis("s", "max-cpu", "500m")).isEqualTo(500);
    assertThat(ResourceQuantities.memoryBytes("s", "max-memory", "8Gi")).isEqualTo(8L << 30);
    assertThat(ResourceQuantities.memoryBytes("s", "max-memory", "512m")).isEqualTo(512L << 20);
  }

  @Test
  void badValuesNameTheSettingAndSayWhatToWrite() {
    assertThatThrownBy(() -> ResourceQuantities.cpuMillis("limits", "max-cpu", "lots"))
        .isInstanceOf(StackException.class)
        .hasMessageContaining("limits: max-cpu: found the string \"lots\"")
        .hasMessageContaining("\"500m\"");
    assertThatThrownBy(() -> ResourceQuantities.memoryBytes("limits", "max-memory", "8Gb"))
        .hasMessageContaining("unknown memory unit \"Gb\"");
    assertThatThrownBy(() -> ResourceQuantities.memoryBytes("limits", "max-memory", ""))
        .isInstanceOf(StackException.class);
    assertThatThrownBy(() -> ResourceQuantities.cpuMillis("limits", "max-cpu", "0"))
        .hasMessageContaining("must be positive");
  }

  @Test
  void writesBackAndDescribes() {
    assertThat(ResourceQuantities.cpu(4000)).isEqualTo("4");
    assertThat(ResourceQuantities.cpu(250)).isEqualTo("0.25");
    assertThat(ResourceQuantities.memory(1536L << 20)).isEqualTo("1536Mi");
    assertThat(ResourceQuantities.describeCpu(1000)).isEqualTo("1 CPU");
    assertThat(ResourceQuantities.describeCpu(64_000)).isEqualTo("64 CPUs");
    assertThat(ResourceQuantities.describeMemory(100L << 40)).isEqualTo("100 TiB");
    assertThat(ResourceQuantities.describeMemory(1_000_000_000L)).isEqualTo("953.7 MiB");
    assertThat(ResourceQuantities.describeMemory(512)).isEqualTo("512 bytes");
  }
}
