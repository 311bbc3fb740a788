package dev.atelier.runtime.local;

/**
 * Outbound network access of sandboxed workspaces ({@code atelier.runtime.local.network}). Every
 * sandbox has its own network namespace whatever the mode: workspaces never share the host's
 * loopback or each other's ports.
 */
public enum NetworkMode {
  /**
   * Outbound access when the egress filter (which keeps the host's own addresses unreachable) can
   * be installed, otherwise loopback only, with a warning at start-up.
   */
  AUTO,
  /** Outbound access is required: a workspace start fails when the egress filter is missing. */
  OUTBOUND,
  /** Loopback only. */
  NONE
}
