package dev.atelier.server.sharing;

/**
 * A new share link with its secret, returned once at creation.
 *
 * @param link the link's record
 * @param secret the random secret (shown once, never stored)
 * @param path the server-relative address to hand out, {@code /share/{secret}}
 */
public record CreatedShareLink(ShareLink link, String secret, String path) {}
