package dev.atelier.server.observability;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The readiness probe ({@code /ready} on the management port).
 *
 * @param enabled whether readiness checks the server's dependencies (the database; Redis when
 *     configured). {@code false} is a kill switch for operators: readiness then reports UP without
 *     checking anything, e.g. to keep a server in rotation while a database failover is under way.
 */
@ConfigurationProperties("atelier.readiness-probe")
public record ReadinessProbeProperties(@DefaultValue("true") boolean enabled) {}
