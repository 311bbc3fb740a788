package dev.atelier.server.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The initial workspace limits ({@code atelier.workspace.limits.*}). They bound every stack a
 * workspace runs (built-in or the repository's own file): a stack that sets no limit gets the
 * default, one that asks for more than the maximum gets the maximum. Administrators change them at
 * run time (admin page "Workspace limits" or {@code PUT /api/workspace-limits}); once changed
 * there, the stored values win over these properties.
 *
 * @param defaultCpu CPU of a stack that sets none: cores ({@code 2}, {@code 1.5}) or millicores
 *     ({@code 500m})
 * @param maxCpu the most CPU a workspace gets
 * @param defaultMemory memory of a stack that sets none, e.g. {@code 2Gi} or {@code 512Mi}
 * @param maxMemory the most memory a workspace gets
 * @param defaultPids processes (threads count) of a stack that sets none
 * @param maxPids the most processes a workspace gets (the local runtime's cgroups or prlimit; on
 *     Kubernetes the kubelet's {@code podPidsLimit} applies instead)
 * @param maxTerminals terminals one workspace may have (running or exited, until closed), 1–1000
 */
@ConfigurationProperties("atelier.workspace.limits")
public record WorkspaceLimitsProperties(
    @DefaultValue("2") String defaultCpu,
    @DefaultValue("4") String maxCpu,
    @DefaultValue("2Gi") String defaultMemory,
    @DefaultValue("8Gi") String maxMemory,
    @DefaultValue("512") long defaultPids,
    @DefaultValue("2048") long maxPids,
    @DefaultValue("10") int maxTerminals) {

  static final String SOURCE = "server configuration";

  /**
   * @throws IllegalArgumentException naming the property when a value is invalid or a default is
   *     above its maximum, so the server does not start with unusable limits
   */
  public WorkspaceLimitsProperties {
    new WorkspaceLimitSettings(
            defaultCpu, maxCpu, defaultMemory, maxMemory, defaultPids, maxPids, maxTerminals)
        .check(SOURCE, WorkspaceLimitsProperties::propertyName);
  }

  WorkspaceLimitSettings.Checked checked() {
    return new WorkspaceLimitSettings(
            defaultCpu, maxCpu, defaultMemory, maxMemory, defaultPids, maxPids, maxTerminals)
        .check(SOURCE, WorkspaceLimitsProperties::propertyName);
  }

  /** {@code maxCpu} → {@code atelier.workspace.limits.max-cpu}. */
  static String propertyName(String field) {
    return "atelier.workspace.limits."
        + field.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
  }
}
