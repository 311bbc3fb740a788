package dev.atelier.stacks;

import java.util.Locale;

/**
 * The network a stack asks for ({@code customizations.atelier.network}). A stack can only ask for
 * less than the server allows: the server's own setting decides whether outbound access exists.
 */
public enum NetworkAccess {
  /** Whatever the server gives workspaces (outbound access, or none if it is turned off there). */
  DEFAULT,
  /** Loopback only: no outbound connections at all, whatever the server allows. */
  NONE;

  /** The spelling in stack files: {@code default} or {@code none}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The value spelled {@code id} in a stack file.
   *
   * @return the value, or {@code null} when {@code id} is not exactly {@code default} or {@code
   *     none}
   */
  public static NetworkAccess fromId(String id) {
    for (NetworkAccess access : values()) {
      if (access.id().equals(id)) {
        return access;
      }
    }
    return null;
  }
}
