package dev.atelier.server.sharing;

import java.time.Duration;
import java.time.Instant;

/**
 * Body of {@code POST /api/workspaces/{id}/shares}.
 *
 * @param role {@code READ} (read-only) or {@code WRITE} (read-write), case-insensitive
 * @param expiresAt when the link stops working; optional
 * @param expiresIn alternatively, how long from now (ISO-8601, e.g. {@code PT24H}); optional
 */
public record CreateShareRequest(String role, Instant expiresAt, Duration expiresIn) {}
