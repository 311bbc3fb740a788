package dev.atelier.server.status;

import dev.atelier.runtime.spi.Condition;
import dev.atelier.runtime.spi.Phase;
import java.time.Instant;
import java.util.List;

/**
 * One frame on {@code /api/events}.
 *
 * @param type {@code status} (the workspace entered {@code phase}) or {@code deleted}
 * @param workspaceId the workspace
 * @param phase the new phase; {@code null} for {@code deleted}
 * @param conditions why; empty for {@code deleted}
 * @param at when it happened
 */
public record StatusFrame(
    String type, String workspaceId, Phase phase, List<Condition> conditions, Instant at) {}
