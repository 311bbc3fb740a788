package dev.atelier.server.observability;

import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * The dependencies a server needs to serve requests, as the {@code dependencies} health component
 * that the readiness group includes. Reports UP without checking when {@code
 * atelier.readiness-probe.enabled=false}.
 */
@Component("dependencies")
class DependenciesHealthIndicator extends AbstractHealthIndicator {

  private static final int VALIDATION_TIMEOUT_SECONDS = 2;

  private final DataSource dataSource;
  private final ReadinessProbeProperties properties;

  DependenciesHealthIndicator(DataSource dataSource, ReadinessProbeProperties properties) {
    super("Dependency check failed");
    this.dataSource = dataSource;
    this.properties = properties;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    if (!properties.enabled()) {
      builder.up().withDetail("checks", "disabled by atelier.readiness-probe.enabled=false");
      return;
    }
    try (Connection connection = dataSource.getConnection()) {
      if (!connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
        builder.down().withDetail("database", "connection is not valid");
        return;
      }
      builder.up().withDetail("database", connection.getMetaData().getDatabaseProductName());
    }
  }
}
