package dev.atelier.server.account;

/**
 * A freshly created API token with its secret. The secret is returned exactly once; send it as
 * {@code Authorization: Bearer <secret>}.
 *
 * @param token the stored token
 * @param secret the secret, {@code atl_} followed by 43 URL-safe characters (256 random bits)
 */
public record CreatedToken(ApiToken token, String secret) {}
