package dev.atelier.gateway.autoconfigure;

import dev.atelier.gateway.GatewayOptions;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Settings of the language gateway ({@code atelier.gateway.*}). */
@ConfigurationProperties("atelier.gateway")
@Validated
public class LanguageGatewayProperties {

  /** How long a language server with no open document keeps running before it is stopped. */
  private Duration idleTimeout = GatewayOptions.DEFAULT_IDLE_TIMEOUT;

  /**
   * How long a client request may wait for its language server; then it is cancelled at the server
   * and the client gets an error.
   */
  private Duration requestTimeout = GatewayOptions.DEFAULT_REQUEST_TIMEOUT;

  /** How long a language server may take to answer initialize. */
  private Duration startTimeout = GatewayOptions.DEFAULT_START_TIMEOUT;

  /** Delay before restarting a crashed language server; doubled for each consecutive crash. */
  private Duration restartBackoff = GatewayOptions.DEFAULT_RESTART_BACKOFF;

  /**
   * Longest delay between restarts; also how long a server that could not start (not installed)
   * stays failed before opening a document tries again.
   */
  private Duration maxRestartBackoff = GatewayOptions.DEFAULT_MAX_RESTART_BACKOFF;

  /**
   * Consecutive crashes after which a language server is given up (until a document is opened again
   * later).
   */
  @Min(value = 1, message = "must be at least 1")
  private int maxRestarts = GatewayOptions.DEFAULT_MAX_RESTARTS;

  /**
   * The workspace folder as language servers see it, e.g. /workspace in the bubblewrap sandbox.
   * Unset: asked once per workspace by running pwd there, which is right for every runtime.
   */
  private String workspaceRoot;

  /**
   * Eclipse JDT LS installation folder inside workspaces (JDTLS_HOME). Unset: the JDTLS_HOME
   * environment variable of the server, else the stack's environment or a jdtls on the workspace's
   * PATH. See docs/language-servers.md.
   */
  private String jdtlsHome;

  /** The settings as the gateway takes them. */
  public GatewayOptions toOptions() {
    String jdtls =
        jdtlsHome != null && !jdtlsHome.isBlank() ? jdtlsHome : System.getenv("JDTLS_HOME");
    return new GatewayOptions(
        idleTimeout,
        requestTimeout,
        startTimeout,
        restartBackoff,
        maxRestartBackoff,
        maxRestarts,
        workspaceRoot,
        jdtls);
  }

  @AssertTrue(message = "timeouts and backoffs must be positive durations, e.g. 30s or 10m")
  boolean isEveryDurationPositive() {
    for (Duration d :
        new Duration[] {
          idleTimeout, requestTimeout, startTimeout, restartBackoff, maxRestartBackoff
        }) {
      if (d == null || d.isZero() || d.isNegative()) {
        return false;
      }
    }
    return true;
  }

  @AssertTrue(message = "workspace-root must be an absolute path such as /workspace, or unset")
  boolean isWorkspaceRootAbsolute() {
    return workspaceRoot == null || workspaceRoot.isBlank() || workspaceRoot.startsWith("/");
  }

  public Duration getIdleTimeout() {
    return idleTimeout;
  }

  public void setIdleTimeout(Duration idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  public void setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  public Duration getStartTimeout() {
    return startTimeout;
  }

  public void setStartTimeout(Duration startTimeout) {
    this.startTimeout = startTimeout;
  }

  public Duration getRestartBackoff() {
    return restartBackoff;
  }

  public void setRestartBackoff(Duration restartBackoff) {
    this.restartBackoff = restartBackoff;
  }

  public Duration getMaxRestartBackoff() {
    return maxRestartBackoff;
  }

  public void setMaxRestartBackoff(Duration maxRestartBackoff) {
    this.maxRestartBackoff = maxRestartBackoff;
  }

  public int getMaxRestarts() {
    return maxRestarts;
  }

  public void setMaxRestarts(int maxRestarts) {
    this.maxRestarts = maxRestarts;
  }

  public String getWorkspaceRoot() {
    return workspaceRoot;
  }

  public void setWorkspaceRoot(String workspaceRoot) {
    this.workspaceRoot = workspaceRoot;
  }

  public String getJdtlsHome() {
    return jdtlsHome;
  }

  public void setJdtlsHome(String jdtlsHome) {
    this.jdtlsHome = jdtlsHome;
  }
}
