package dev.atelier.gateway;

import java.time.Duration;

/**
 * Settings of the {@link LanguageGateway}; the auto-configuration fills them from {@code
 * atelier.gateway.*}. Nulls and non-positive durations mean the default.
 *
 * @param idleTimeout how long a language server with no open document keeps running
 * @param requestTimeout how long a client request may wait for its language server before it is
 *     cancelled there and answered with an error
 * @param startTimeout how long a language server may take to answer {@code initialize}
 * @param restartBackoff the delay before restarting a crashed server, doubled per consecutive crash
 * @param maxRestartBackoff the longest delay between restarts; also how long a server that could
 *     not start stays failed before the next document open tries again
 * @param maxRestarts consecutive crashes after which a server is given up (until the next open)
 * @param workspaceRoot the workspace folder as language servers see it ({@code /workspace} in the
 *     sandbox); {@code null} asks the runtime once per workspace by running {@code pwd} there
 * @param jdtlsHome {@code JDTLS_HOME} for Eclipse JDT LS inside workspaces, or {@code null} to rely
 *     on the stack's environment or a {@code jdtls} on the workspace's {@code PATH}
 */
public record GatewayOptions(
    Duration idleTimeout,
    Duration requestTimeout,
    Duration startTimeout,
    Duration restartBackoff,
    Duration maxRestartBackoff,
    int maxRestarts,
    String workspaceRoot,
    String jdtlsHome) {

  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_RESTART_BACKOFF = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_RESTART_BACKOFF = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_RESTARTS = 5;

  public GatewayOptions {
    idleTimeout = orDefault(idleTimeout, DEFAULT_IDLE_TIMEOUT);
    requestTimeout = orDefault(requestTimeout, DEFAULT_REQUEST_TIMEOUT);
    startTimeout = orDefault(startTimeout, DEFAULT_START_TIMEOUT);
    restartBackoff = orDefault(restartBackoff, DEFAULT_RESTART_BACKOFF);
    maxRestartBackoff = orDefault(maxRestartBackoff, DEFAULT_MAX_RESTART_BACKOFF);
    maxRestarts = maxRestarts <= 0 ? DEFAULT_MAX_RESTARTS : maxRestarts;
    workspaceRoot = workspaceRoot == null || workspaceRoot.isBlank() ? null : workspaceRoot;
    jdtlsHome = jdtlsHome == null || jdtlsHome.isBlank() ? null : jdtlsHome;
    if (workspaceRoot != null && !workspaceRoot.startsWith("/")) {
      throw new IllegalArgumentException(
          "atelier.gateway.workspace-root must be an absolute path, was: " + workspaceRoot);
    }
  }

  /** All defaults. */
  public static GatewayOptions defaults() {
    return new GatewayOptions(null, null, null, null, null, 0, null, null);
  }

  public GatewayOptions withIdleTimeout(Duration value) {
    return new GatewayOptions(
        value,
        requestTimeout,
        startTimeout,
        restartBackoff,
        maxRestartBackoff,
        maxRestarts,
        workspaceRoot,
        jdtlsHome);
  }

  public GatewayOptions withRequestTimeout(Duration value) {
    return new GatewayOptions(
        idleTimeout,
        value,
        startTimeout,
        restartBackoff,
        maxRestartBackoff,
        maxRestarts,
        workspaceRoot,
        jdtlsHome);
  }

  public GatewayOptions withStartTimeout(Duration value) {
    return new GatewayOptions(
        idleTimeout,
        requestTimeout,
        value,
        restartBackoff,
        maxRestartBackoff,
        maxRestarts,
        workspaceRoot,
        jdtlsHome);
  }

  public GatewayOptions withRestartBackoff(Duration initial, Duration max) {
    return new GatewayOptions(
        idleTimeout,
        requestTimeout,
        startTimeout,
        initial,
        max,
        maxRestarts,
        workspaceRoot,
        jdtlsHome);
  }

  public GatewayOptions withMaxRestarts(int value) {
    return new GatewayOptions(
        idleTimeout,
        requestTimeout,
        startTimeout,
        restartBackoff,
        maxRestartBackoff,
        value,
        workspaceRoot,
        jdtlsHome);
  }

  public GatewayOptions withWorkspaceRoot(String value) {
    return new GatewayOptions(
        idleTimeout,
        requestTimeout,
        startTimeout,
        restartBackoff,
        maxRestartBackoff,
        maxRestarts,
        value,
        jdtlsHome);
  }

  public GatewayOptions withJdtlsHome(String value) {
    return new GatewayOptions(
        idleTimeout,
        requestTimeout,
        startTimeout,
        restartBackoff,
        maxRestartBackoff,
        maxRestarts,
        workspaceRoot,
        value);
  }

  private static Duration orDefault(Duration value, Duration fallback) {
    return value == null || value.isZero() || value.isNegative() ? fallback : value;
  }
}
