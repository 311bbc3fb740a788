package dev.atelier.server.workspace;

import dev.atelier.runtime.spi.Condition;
import dev.atelier.runtime.spi.Phase;
import java.time.Instant;
import java.util.List;

/**
 * One persisted phase transition of a workspace (its history).
 *
 * @param phase the phase entered
 * @param conditions the conditions at that moment
 * @param at when
 */
public record WorkspaceTransition(Phase phase, List<Condition> conditions, Instant at) {}
