package dev.atelier.runtime.spi;

import dev.atelier.stacks.ResourceQuantities;
import dev.atelier.stacks.Resources;

/** The resource limits a stack sets and a server bounds. */
public enum ResourceKind {
  /** CPU, in millicores. */
  CPU("CPU"),
  /** Memory, in bytes. */
  MEMORY("Memory"),
  /** Processes (threads count), as cgroups' {@code pids.max}. */
  PIDS("Processes");

  private final String label;

  ResourceKind(String label) {
    this.label = label;
  }

  /** The name shown to people: {@code CPU}, {@code Memory}, {@code Processes}. */
  public String label() {
    return label;
  }

  /** This kind's amount in {@code resources}; 0 means none is set. */
  public long of(Resources resources) {
    return switch (this) {
      case CPU -> resources.cpuMillis();
      case MEMORY -> resources.memoryBytes();
      case PIDS -> resources.pids();
    };
  }

  /** An amount for people: {@code 1.5 CPUs}, {@code 4 GiB}, {@code 512}. */
  public String describe(long amount) {
    return switch (this) {
      case CPU -> ResourceQuantities.describeCpu(amount);
      case MEMORY -> ResourceQuantities.describeMemory(amount);
      case PIDS -> Long.toString(amount);
    };
  }

  static Resources with(Resources resources, ResourceKind kind, long amount) {
    return new Resources(
        kind == CPU ? amount : resources.cpuMillis(),
        kind == MEMORY ? amount : resources.memoryBytes(),
        kind == PIDS ? amount : resources.pids());
  }
}
