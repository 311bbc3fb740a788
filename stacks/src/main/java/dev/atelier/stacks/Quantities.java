package dev.atelier.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.stacks.StackException.ErrorCode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU and memory quantities as people write them in devcontainer, Docker and Kubernetes files.
 *
 * <p>Memory suffixes: {@code Ki Mi Gi Ti} are binary (Kubernetes); lowercase {@code k m g t} are
 * binary too, as in {@code docker run --memory 512m}; uppercase {@code K M G T} are decimal, as in
 * Kubernetes. Lowercase {@code m} therefore means mebibytes here, never Kubernetes' "milli", which
 * makes no sense for memory.
 */
final class Quantities {

  static final String CPU_HINT =
      "give the number of cores as a number (1, 1.5) or a string in millicores (\"500m\")";
  static final String MEMORY_HINT =
      "give a size such as \"2Gi\", \"512Mi\", \"1g\", \"512m\" or a number of bytes";

  static final long MIN_MEMORY_BYTES = 1L << 20;

  private static final Pattern MILLICORES = Pattern.compile("(\\d{1,12})m");
  private static final Pattern CORES = Pattern.compile("\\d{1,9}(\\.\\d{1,3})?");
  private static final Pattern MEMORY =
      Pattern.compile("(\\d{1,19}(?:\\.\\d{1,9})?)\\s*([A-Za-z]*)");
  private static final Map<String, Long> MEMORY_UNITS =
      Map.ofEntries(
          Map.entry("", 1L),
          Map.entry("b", 1L),
          Map.entry("Ki", 1L << 10),
          Map.entry("Mi", 1L << 20),
          Map.entry("Gi", 1L << 30),
          Map.entry("Ti", 1L << 40),
          Map.entry("k", 1L << 10),
          Map.entry("m", 1L << 20),
          Map.entry("g", 1L << 30),
          Map.entry("t", 1L << 40),
          Map.entry("K", 1_000L),
          Map.entry("M", 1_000_000L),
          Map.entry("G", 1_000_000_000L),
          Map.entry("T", 1_000_000_000_000L));
  private static final String[] BINARY_SUFFIXES = {"Ti", "Gi", "Mi", "Ki"};
  private static final long[] BINARY_FACTORS = {1L << 40, 1L << 30, 1L << 20, 1L << 10};

  private Quantities() {}

  /**
   * CPU in millicores: {@code 2} → 2000, {@code 1.5} or {@code "1.5"} → 1500, {@code "500m"} → 500.
   */
  static long cpuMillis(FieldReader reader, String path, JsonNode node) {
    BigDecimal millis;
    if (node.isNumber()) {
      millis = node.decimalValue().multiply(BigDecimal.valueOf(1000));
    } else if (node.isTextual()) {
      String text = node.asText().trim();
      Matcher milli = MILLICORES.matcher(text);
      if (milli.matches()) {
        millis = new BigDecimal(milli.group(1));
      } else if (CORES.matcher(text).matches()) {
        millis = new BigDecimal(text).multiply(BigDecimal.valueOf(1000));
      } else {
        throw reader.invalid(path, node, CPU_HINT);
      }
    } else {
      throw reader.invalid(path, node, CPU_HINT);
    }
    if (millis.signum() <= 0) {
      throw reader.invalid(
          path, node, "the CPU limit must be positive (omit the key for no limit)");
    }
    if (millis.compareTo(BigDecimal.ONE) < 0 || millis.stripTrailingZeros().scale() > 0) {
      throw reader.invalid(path, node, "the smallest CPU step is one millicore (0.001 or \"1m\")");
    }
    if (millis.compareTo(BigDecimal.valueOf(1_000_000_000L)) > 0) {
      throw reader.invalid(path, node, "that is more than a million cores; " + CPU_HINT);
    }
    return millis.longValueExact();
  }

  /** Memory in bytes, from a number of bytes or a string with a unit suffix. */
  static long memoryBytes(FieldReader reader, String path, JsonNode node) {
    BigDecimal bytes;
    if (node.isNumber()) {
      bytes = node.decimalValue();
      if (bytes.stripTrailingZeros().scale() > 0) {
        throw reader.invalid(path, node, "a number of bytes must be whole; " + MEMORY_HINT);
      }
    } else if (node.isTextual()) {
      Matcher matcher = MEMORY.matcher(node.asText().trim());
      if (!matcher.matches()) {
        throw reader.invalid(path, node, MEMORY_HINT);
      }
      Long factor = MEMORY_UNITS.get(matcher.group(2));
      if (factor == null) {
        throw reader.error(
            ErrorCode.INVALID_FIELD,
            path,
            "unknown memory unit \""
                + matcher.group(2)
                + "\", use Ki, Mi, Gi, Ti (binary), k, m, g, t (binary, as Docker) or K, M, G, T"
                + " (decimal), e.g. \"2Gi\"");
      }
      bytes =
          new BigDecimal(matcher.group(1))
              .multiply(BigDecimal.valueOf(factor))
              .setScale(0, RoundingMode.DOWN);
    } else {
      throw reader.invalid(path, node, MEMORY_HINT);
    }
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw reader.invalid(path, node, "that is too large; " + MEMORY_HINT);
    }
    if (bytes.signum() <= 0) {
      throw reader.invalid(
          path, node, "the memory limit must be positive (omit the key for no limit)");
    }
    if (bytes.longValue() < MIN_MEMORY_BYTES) {
      throw reader.invalid(
          path,
          node,
          "that is "
              + bytes
              + " bytes, below the 1Mi a workspace needs; a bare number counts bytes, write a unit"
              + " such as \"512Mi\"");
    }
    return bytes.longValueExact();
  }

  /** The shortest exact file form: {@code "2Gi"}, {@code "1536Mi"}, or the byte count. */
  static String formatMemory(long bytes) {
    for (int i = 0; i < BINARY_FACTORS.length; i++) {
      if (bytes % BINARY_FACTORS[i] == 0) {
        return (bytes / BINARY_FACTORS[i]) + BINARY_SUFFIXES[i];
      }
    }
    return Long.toString(bytes);
  }
}
