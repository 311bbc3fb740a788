package dev.atelier.runtime.spi;

/**
 * One limit the server set instead of the stack: a default for a limit the stack left out, or its
 * ceiling for a limit the stack asked more than.
 *
 * @param resource which limit
 * @param requested what the stack asked for; 0 when it set no limit
 * @param applied what the workspace got
 */
public record ResourceAdjustment(ResourceKind resource, long requested, long applied) {

  /** Whether the stack asked for more than the server allows (else it set no limit). */
  public boolean clamped() {
    return requested > 0;
  }

  /**
   * What happened, for people: {@code Memory limited to 4 GiB by this server (the stack asked for
   * 100 TiB)} or {@code Processes set to 512, this server's default (the stack sets no limit)}.
   */
  public String message() {
    String amount = resource.describe(applied);
    return clamped()
        ? resource.label()
            + " limited to "
            + amount
            + " by this server (the stack asked for "
            + resource.describe(requested)
            + ")"
        : resource.label()
            + " set to "
            + amount
            + ", this server's default (the stack sets no limit)";
  }
}
