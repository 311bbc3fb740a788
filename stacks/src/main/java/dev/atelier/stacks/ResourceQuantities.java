package dev.atelier.stacks;

import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * CPU and memory amounts outside stack files: parsed with the same syntax as {@code resources} in a
 * stack file ({@code "1.5"}, {@code "500m"}, {@code "2Gi"}, {@code "512m"}), for settings such as
 * the server's workspace limits, and written back in that syntax or for people to read.
 */
public final class ResourceQuantities {

  private ResourceQuantities() {}

  /**
   * CPU in millicores from {@code "2"}, {@code "1.5"} or {@code "500m"}.
   *
   * @param source what the value belongs to, named first in the error, e.g. {@code
   *     atelier.workspace.limits}
   * @param field the setting's name, e.g. {@code max-cpu}
   * @throws StackException {@code INVALID_FIELD} saying what to write instead
   */
  public static long cpuMillis(String source, String field, String text) {
    return Quantities.cpuMillis(new FieldReader(source), field, text(text));
  }

  /**
   * Memory in bytes from {@code "2Gi"}, {@code "512m"}, {@code "1G"} or a number of bytes (at least
   * 1 MiB).
   *
   * @throws StackException {@code INVALID_FIELD} saying what to write instead
   */
  public static long memoryBytes(String source, String field, String text) {
    return Quantities.memoryBytes(new FieldReader(source), field, text(text));
  }

  /** The stack-file form of a CPU amount: {@code "4"}, {@code "1.5"}, {@code "0.25"}. */
  public static String cpu(long millis) {
    return BigDecimal.valueOf(millis).movePointLeft(3).stripTrailingZeros().toPlainString();
  }

  /** The shortest exact stack-file form of a memory amount: {@code "2Gi"}, {@code "1536Mi"}. */
  public static String memory(long bytes) {
    return Quantities.formatMemory(bytes);
  }

  /** A CPU amount for people: {@code 1 CPU}, {@code 1.5 CPUs}, {@code 0.5 CPU}. */
  public static String describeCpu(long millis) {
    return cpu(millis) + (millis > 1000 ? " CPUs" : " CPU");
  }

  /**
   * A memory amount for people, in the largest binary unit it reaches, to at most one decimal:
   * {@code 4 GiB}, {@code 1.5 GiB}, {@code 100 TiB}, {@code 512 MiB}.
   */
  public static String describeMemory(long bytes) {
    String[] units = {"TiB", "GiB", "MiB", "KiB"};
    for (int i = 0; i < units.length; i++) {
      long factor = 1L << (10 * (4 - i));
      if (bytes >= factor) {
        BigDecimal amount =
            BigDecimal.valueOf(bytes)
                .divide(BigDecimal.valueOf(factor), 1, RoundingMode.HALF_UP)
                .stripTrailingZeros();
        return amount.toPlainString() + " " + units[i];
      }
    }
    return bytes + " bytes";
  }

  private static TextNode text(String text) {
    return TextNode.valueOf(text == null ? "" : text.strip());
  }
}
