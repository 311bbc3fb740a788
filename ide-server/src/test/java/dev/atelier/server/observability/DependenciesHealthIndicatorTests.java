package dev.atelier.server.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.atelier.server.testsupport.TestDatabases;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

class DependenciesHealthIndicatorTests {

  @Test
  void upWhenTheDatabaseAnswers() {
    var indicator =
        new DependenciesHealthIndicator(TestDatabases.h2(), new ReadinessProbeProperties(true));
    var health = indicator.health();
    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails()).containsEntry("database", "H2");
  }

  @Test
  void downWhenTheDatabaseIsUnreachable() throws SQLException {
    DataSource broken = mock(DataSource.class);
    when(broken.getConnection()).thenThrow(new SQLException("connection refused"));
    var health =
        new DependenciesHealthIndicator(broken, new ReadinessProbeProperties(true)).health();
    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
  }

  @Test
  void killSwitchReportsUpWithoutCheckingAnything() {
    DataSource broken = mock(DataSource.class);
    var health =
        new DependenciesHealthIndicator(broken, new ReadinessProbeProperties(false)).health();
    assertThat(health.getStatus()).isEqualTo(Status.UP);
    verifyNoInteractions(broken);
  }
}
