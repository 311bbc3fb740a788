package dev.atelier.server.ui;

import dev.atelier.stacks.Command;
import dev.atelier.stacks.Resources;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Text for stack details in the catalog: commands and resource limits. */
final class StackFormat {

  private static final long KIB = 1024;
  private static final long MIB = KIB * 1024;
  private static final long GIB = MIB * 1024;

  private StackFormat() {}

  /** A command as the user wrote it: the shell string, or the argument vector joined by spaces. */
  static String command(Command command) {
    if (command == null) {
      return "";
    }
    return command.shell() != null ? command.shell() : String.join(" ", command.argv());
  }

  /** {@code 1.5 CPU · 2 GiB memory · 512 processes}, or {@code No limits}. */
  static String resources(Resources resources) {
    List<String> parts = new ArrayList<>();
    if (resources.cpuMillis() > 0) {
      parts.add(decimal(resources.cpuMillis(), 1000) + " CPU");
    }
    if (resources.memoryBytes() > 0) {
      parts.add(memory(resources.memoryBytes()) + " memory");
    }
    if (resources.pids() > 0) {
      parts.add(resources.pids() + (resources.pids() == 1 ? " process" : " processes"));
    }
    return parts.isEmpty() ? "No limits" : String.join(" · ", parts);
  }

  /**
   * Bytes in the largest binary unit that keeps the number readable: {@code 512 MiB}, {@code 2
   * GiB}.
   */
  static String memory(long bytes) {
    if (bytes >= GIB) {
      return decimal(bytes, GIB) + " GiB";
    }
    if (bytes >= MIB) {
      return decimal(bytes, MIB) + " MiB";
    }
    if (bytes >= KIB) {
      return decimal(bytes, KIB) + " KiB";
    }
    return bytes + " B";
  }

  private static String decimal(long value, long unit) {
    return BigDecimal.valueOf(value)
        .divide(BigDecimal.valueOf(unit), 2, java.math.RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }
}
