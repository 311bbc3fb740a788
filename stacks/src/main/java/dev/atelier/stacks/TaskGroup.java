package dev.atelier.stacks;

import java.util.Locale;

/**
 * The group a task belongs to, as in VS Code's tasks.json. In stack files: {@code build}, {@code
 * run}, {@code test}.
 */
public enum TaskGroup {
  BUILD,
  RUN,
  TEST;

  /** The spelling in stack files: {@code build}, {@code run} or {@code test}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The group spelled {@code id} in a stack file.
   *
   * @return the group, or {@code null} when {@code id} is not exactly {@code build}, {@code run} or
   *     {@code test}
   */
  public static TaskGroup fromId(String id) {
    for (TaskGroup group : values()) {
      if (group.id().equals(id)) {
        return group;
      }
    }
    return null;
  }
}
