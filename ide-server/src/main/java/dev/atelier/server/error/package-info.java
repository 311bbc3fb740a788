/**
 * The server's error model: {@link dev.atelier.server.error.AtelierException} with an {@link
 * dev.atelier.server.error.ErrorCode}, mapped once to RFC 7807 {@code application/problem+json} for
 * the REST API (and for authentication failures raised by security filters).
 */
package dev.atelier.server.error;
