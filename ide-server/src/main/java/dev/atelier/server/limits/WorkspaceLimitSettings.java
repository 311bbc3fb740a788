package dev.atelier.server.limits;

import dev.atelier.runtime.spi.ResourcePolicy;
import dev.atelier.stacks.ResourceQuantities;
import dev.atelier.stacks.Resources;
import dev.atelier.stacks.StackException;
import java.util.function.UnaryOperator;

/**
 * The server's workspace limits as people write them: CPU and memory in the stack-file syntax
 * ({@code "2"}, {@code "1.5"}, {@code "500m"}; {@code "2Gi"}, {@code "512Mi"}), processes and
 * terminals as numbers. The body of {@code GET/PUT /api/workspace-limits} and the stored setting.
 *
 * @param defaultCpu CPU of a stack that sets none
 * @param maxCpu the most CPU a stack gets
 * @param defaultMemory memory of a stack that sets none
 * @param maxMemory the most memory a stack gets
 * @param defaultPids processes of a stack that sets none
 * @param maxPids the most processes a stack gets
 * @param maxTerminals terminals one workspace may have open (running or exited, until closed)
 */
public record WorkspaceLimitSettings(
    String defaultCpu,
    String maxCpu,
    String defaultMemory,
    String maxMemory,
    Long defaultPids,
    Long maxPids,
    Integer maxTerminals) {

  /** The most terminals a workspace can be allowed; each holds a process and its scrollback. */
  static final int TERMINALS_LIMIT = 1000;

  /** Checked settings. */
  record Checked(WorkspaceLimitSettings settings, ResourcePolicy policy, int maxTerminals) {}

  /**
   * Checks every value and that no default is above its maximum.
   *
   * @param source named first in errors, e.g. {@code atelier.workspace.limits}
   * @param names turns a field name ({@code maxCpu}) into the name shown in errors
   * @return the settings in canonical form with the policy they make
   * @throws IllegalArgumentException saying which value is wrong and what to write instead
   */
  Checked check(String source, UnaryOperator<String> names) {
    long defaultCpuMillis = cpu(source, names.apply("defaultCpu"), defaultCpu);
    long maxCpuMillis = cpu(source, names.apply("maxCpu"), maxCpu);
    long defaultMemoryBytes = memory(source, names.apply("defaultMemory"), defaultMemory);
    long maxMemoryBytes = memory(source, names.apply("maxMemory"), maxMemory);
    long defaultProcesses = count(source, names.apply("defaultPids"), defaultPids, Long.MAX_VALUE);
    long maxProcesses = count(source, names.apply("maxPids"), maxPids, Long.MAX_VALUE);
    int terminals =
        (int)
            count(
                source,
                names.apply("maxTerminals"),
                maxTerminals == null ? null : maxTerminals.longValue(),
                TERMINALS_LIMIT);
    ResourcePolicy policy;
    try {
      policy =
          new ResourcePolicy(
              new Resources(defaultCpuMillis, defaultMemoryBytes, defaultProcesses),
              new Resources(maxCpuMillis, maxMemoryBytes, maxProcesses));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
    return new Checked(of(policy, terminals), policy, terminals);
  }

  /** The canonical settings of a policy. */
  static WorkspaceLimitSettings of(ResourcePolicy policy, int maxTerminals) {
    return new WorkspaceLimitSettings(
        ResourceQuantities.cpu(policy.defaults().cpuMillis()),
        ResourceQuantities.cpu(policy.ceilings().cpuMillis()),
        ResourceQuantities.memory(policy.defaults().memoryBytes()),
        ResourceQuantities.memory(policy.ceilings().memoryBytes()),
        policy.defaults().pids(),
        policy.ceilings().pids(),
        maxTerminals);
  }

  private static long cpu(String source, String name, String value) {
    required(source, name, value, "\"2\", \"1.5\" or \"500m\"");
    try {
      return ResourceQuantities.cpuMillis(source, name, value);
    } catch (StackException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static long memory(String source, String name, String value) {
    required(source, name, value, "\"2Gi\" or \"512Mi\"");
    try {
      return ResourceQuantities.memoryBytes(source, name, value);
    } catch (StackException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static long count(String source, String name, Long value, long most) {
    if (value == null || value < 1 || value > most) {
      throw new IllegalArgumentException(
          source
              + ": "
              + name
              + ": "
              + (value == null ? "required" : "found " + value)
              + ", give a whole number from 1"
              + (most == Long.MAX_VALUE ? "" : " to " + most));
    }
    return value;
  }

  private static void required(String source, String name, String value, String example) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          source + ": " + name + ": required, give an amount such as " + example);
    }
  }
}
