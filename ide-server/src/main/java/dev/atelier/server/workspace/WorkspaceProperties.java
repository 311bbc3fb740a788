package dev.atelier.server.workspace;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Workspace behaviour ({@code atelier.workspace.*}).
 *
 * @param idleTimeout a running workspace with no connected client and no running task is stopped
 *     after this long (its content is kept); {@code 0} disables the idle timeout
 * @param idleCheckInterval how often running workspaces are checked for idleness
 * @param defaultStack the stack used by context URLs ({@code /new?repository=…}) when none is
 *     given; a repository with its own stack file ({@code .atelier/stack.json} or {@code
 *     .devcontainer/devcontainer.json}) uses that one instead. Must be a stack of the catalog.
 * @param allowedRepositorySchemes URL schemes accepted for repositories; {@code ssh} also allows
 *     the scp form {@code git@host:owner/repo}. {@code file} is off by default because it would let
 *     users clone any repository on the server's disk.
 * @param stopTimeout how long delete and server shutdown wait for a workspace's processes to stop
 * @param maxPerUser how many workspaces one user may have (running or not); {@code 0} for no limit
 */
@ConfigurationProperties("atelier.workspace")
public record WorkspaceProperties(
    @DefaultValue("30m") Duration idleTimeout,
    @DefaultValue("1m") Duration idleCheckInterval,
    @DefaultValue("python") String defaultStack,
    @DefaultValue({"https", "http", "ssh", "git"}) List<String> allowedRepositorySchemes,
    @DefaultValue("20s") Duration stopTimeout,
    @DefaultValue("100") int maxPerUser) {

  public WorkspaceProperties {
    if (idleTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "atelier.workspace.idle-timeout must not be negative (use 0 to disable it)");
    }
    if (idleCheckInterval.isZero() || idleCheckInterval.isNegative()) {
      throw new IllegalArgumentException(
          "atelier.workspace.idle-check-interval must be positive, e.g. 1m");
    }
    if (stopTimeout.isZero() || stopTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "atelier.workspace.stop-timeout must be positive, e.g. 60s");
    }
    if (maxPerUser < 0) {
      throw new IllegalArgumentException(
          "atelier.workspace.max-per-user must not be negative (use 0 for no limit)");
    }
    allowedRepositorySchemes =
        allowedRepositorySchemes.stream()
            .map(s -> s.strip().toLowerCase(java.util.Locale.ROOT))
            .toList();
  }
}
