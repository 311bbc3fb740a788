package dev.atelier.server.account;

import java.time.Instant;

/**
 * A personal API token, without its secret (only a SHA-256 of the secret is stored).
 *
 * @param id stable id (a UUID), used to revoke it
 * @param userId the owner
 * @param name what the user called it, e.g. {@code ci}
 * @param createdAt when it was created
 * @param lastUsedAt when it last authenticated a request (to the minute), or {@code null}
 */
public record ApiToken(
    String id, String userId, String name, Instant createdAt, Instant lastUsedAt) {}
