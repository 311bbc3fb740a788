package dev.atelier.runtime.local;

/**
 * Whether workspace processes run inside a bubblewrap sandbox ({@code
 * atelier.runtime.local.sandbox}).
 */
public enum SandboxMode {
  /** Sandbox when bubblewrap is available; otherwise warn once and run processes unsandboxed. */
  AUTO,
  /**
   * Always sandbox; starting a workspace fails with {@code SANDBOX_UNAVAILABLE} without bubblewrap.
   */
  REQUIRED,
  /**
   * Never sandbox: workspace processes run as the server's user and can read everything it can.
   * Only for trusted single-user setups.
   */
  OFF
}
