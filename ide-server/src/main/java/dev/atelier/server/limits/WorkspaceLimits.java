package dev.atelier.server.limits;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.runtime.spi.ResourcePolicy;
import dev.atelier.server.account.ServerSettingsRepository;
import dev.atelier.server.account.UserAccount;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.workspace.ResourcePolicySource;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The server's workspace limits: resource defaults and ceilings for every stack, and the terminals
 * per workspace. They start as {@code atelier.workspace.limits.*}; an administrator's change is
 * stored in the database (table {@code server_settings}, name {@value #SETTING}), wins over the
 * properties from then on, is seen by every server of a cluster and applies to the next start of
 * each workspace (and to the next terminal opened).
 */
@Service
public class WorkspaceLimits implements ResourcePolicySource {

  static final String SETTING = "workspace.limits";

  private static final Logger log = LoggerFactory.getLogger(WorkspaceLimits.class);

  private final ServerSettingsRepository settings;
  private final WorkspaceLimitsProperties properties;
  private final ObjectMapper json;

  WorkspaceLimits(
      ServerSettingsRepository settings, WorkspaceLimitsProperties properties, ObjectMapper json) {
    this.settings = settings;
    this.properties = properties;
    this.json = json;
  }

  /** The limits in force, as people write them. */
  public WorkspaceLimitSettings current() {
    return checked().settings();
  }

  @Override
  public ResourcePolicy policy() {
    return checked().policy();
  }

  /** How many terminals one workspace may have. */
  public int maxTerminals() {
    return checked().maxTerminals();
  }

  /**
   * Replaces every limit at once.
   *
   * @return the stored limits in canonical form
   * @throws AtelierException {@code FORBIDDEN} unless {@code admin} is an administrator, {@code
   *     VALIDATION_FAILED} naming the first bad value (missing, malformed, not positive, or a
   *     default above its maximum)
   */
  public WorkspaceLimitSettings update(UserAccount admin, WorkspaceLimitSettings wanted) {
    if (admin == null || !admin.admin()) {
      throw new AtelierException(
          ErrorCode.FORBIDDEN, "Only administrators can change the workspace limits.");
    }
    if (wanted == null) {
      throw new AtelierException(
          ErrorCode.VALIDATION_FAILED,
          "Send every limit, e.g. {\"defaultCpu\": \"2\", \"maxCpu\": \"4\", \"defaultMemory\":"
              + " \"2Gi\", \"maxMemory\": \"8Gi\", \"defaultPids\": 512, \"maxPids\": 2048,"
              + " \"maxTerminals\": 10}.");
    }
    WorkspaceLimitSettings.Checked checked;
    try {
      checked = wanted.check("workspace limits", field -> field);
    } catch (IllegalArgumentException e) {
      throw new AtelierException(ErrorCode.VALIDATION_FAILED, e.getMessage());
    }
    try {
      settings.put(SETTING, json.writeValueAsString(checked.settings()), Instant.now());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the workspace limits as JSON", e);
    }
    log.info("Workspace limits changed by {}: {}", admin.username(), checked.settings());
    return checked.settings();
  }

  private WorkspaceLimitSettings.Checked checked() {
    Optional<String> stored = settings.get(SETTING);
    if (stored.isPresent()) {
      try {
        return json.readValue(stored.get(), WorkspaceLimitSettings.class)
            .check("stored workspace limits", field -> field);
      } catch (JsonProcessingException | IllegalArgumentException e) {
        // Only this class writes the row, checked; fall back rather than block every start.
        log.warn(
            "Ignoring the stored workspace limits ({}), using atelier.workspace.limits.*: {}",
            SETTING,
            e.getMessage());
      }
    }
    return properties.checked();
  }
}
