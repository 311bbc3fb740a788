package dev.atelier.server.account;

import java.time.Instant;

/**
 * A local user account. The password hash never leaves the account package.
 *
 * @param id stable id (a UUID)
 * @param username login name: lower case letters, digits, {@code . _ -}; 2–32 characters
 * @param displayName name shown in the UI
 * @param admin whether the user may manage users
 * @param createdAt when the account was created
 */
public record UserAccount(
    String id, String username, String displayName, boolean admin, Instant createdAt) {}
