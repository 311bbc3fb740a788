package dev.atelier.runtime.spi;

import java.time.Instant;
import java.util.List;

/**
 * A status report from a runtime: the workspace is now in {@code phase} (with {@code conditions}).
 *
 * @param workspaceId the workspace
 * @param phase its phase as seen by the runtime
 * @param conditions why, or what it waits for; may be empty
 * @param at when it was observed
 */
public record RuntimeEvent(
    String workspaceId, Phase phase, List<Condition> conditions, Instant at) {
  public RuntimeEvent {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }

  public static RuntimeEvent of(String workspaceId, Phase phase, Condition... conditions) {
    return new RuntimeEvent(workspaceId, phase, List.of(conditions), Instant.now());
  }
}
