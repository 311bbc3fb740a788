package dev.atelier.server.workspace;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.atelier.runtime.spi.AppliedResources;
import dev.atelier.runtime.spi.ResourceAdjustment;
import dev.atelier.runtime.spi.ResourceKind;
import dev.atelier.stacks.ResourceQuantities;
import java.util.List;
import java.util.Locale;

/**
 * The resource limits a running workspace has, as {@code GET /api/workspaces/{id}/resources}
 * returns them. Amounts use the stack-file syntax; {@code null} means that limit is not enforced
 * where the workspace runs (e.g. processes on Kubernetes, CPU under prlimit).
 *
 * @param cpu cores, e.g. {@code "2"} or {@code "0.5"}
 * @param memory e.g. {@code "4Gi"}
 * @param pids maximum number of processes
 * @param summary the enforced limits for people, e.g. {@code 2 CPUs · 4 GiB · 512 processes}
 * @param adjustments the limits this server set instead of the stack
 */
public record WorkspaceResources(
    String cpu, String memory, Long pids, String summary, List<Adjustment> adjustments) {

  /**
   * One limit the server set instead of the stack.
   *
   * @param resource {@code cpu}, {@code memory} or {@code pids}
   * @param requested what the stack asked for, or {@code null} when it set no limit
   * @param applied what the workspace got
   * @param clamped {@code true} when the stack asked for more than the server's maximum, {@code
   *     false} when it set no limit and got the default
   * @param message for people, e.g. {@code Memory limited to 4 GiB by this server (the stack asked
   *     for 100 TiB)}
   */
  public record Adjustment(
      String resource, String requested, String applied, boolean clamped, String message) {}

  public WorkspaceResources {
    adjustments = adjustments == null ? List.of() : List.copyOf(adjustments);
  }

  /** Whether the stack asked for more than the server allows for any limit. */
  @JsonProperty("clamped")
  public boolean clamped() {
    return adjustments.stream().anyMatch(Adjustment::clamped);
  }

  /** The REST form of what a runtime reported. */
  public static WorkspaceResources of(AppliedResources applied) {
    long cpu = applied.effective().cpuMillis();
    long memory = applied.effective().memoryBytes();
    long pids = applied.effective().pids();
    List<String> parts = new java.util.ArrayList<>();
    if (cpu > 0) {
      parts.add(ResourceQuantities.describeCpu(cpu));
    }
    if (memory > 0) {
      parts.add(ResourceQuantities.describeMemory(memory));
    }
    if (pids > 0) {
      parts.add(pids + " processes");
    }
    return new WorkspaceResources(
        cpu > 0 ? ResourceQuantities.cpu(cpu) : null,
        memory > 0 ? ResourceQuantities.memory(memory) : null,
        pids > 0 ? pids : null,
        parts.isEmpty() ? "no resource limits enforced" : String.join(" · ", parts),
        applied.adjustments().stream().map(WorkspaceResources::adjustment).toList());
  }

  private static Adjustment adjustment(ResourceAdjustment a) {
    return new Adjustment(
        a.resource().name().toLowerCase(Locale.ROOT),
        a.clamped() ? amount(a.resource(), a.requested()) : null,
        amount(a.resource(), a.applied()),
        a.clamped(),
        a.message());
  }

  private static String amount(ResourceKind kind, long value) {
    return switch (kind) {
      case CPU -> ResourceQuantities.cpu(value);
      case MEMORY -> ResourceQuantities.memory(value);
      case PIDS -> Long.toString(value);
    };
  }
}
