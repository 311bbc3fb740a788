package dev.atelier.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WorkspaceActivityTests {

  private final MutableClock clock = new MutableClock();
  private final WorkspaceRepository repository = mock(WorkspaceRepository.class);
  private final WorkspaceActivity activity = new WorkspaceActivity(repository, clock);
  private final Duration timeout = Duration.ofMinutes(30);

  @Test
  void workspaceWithoutClientsOrTasksIsIdleAfterTheTimeout() {
    activity.started("ws");
    clock.advance(Duration.ofMinutes(29));
    assertThat(activity.isIdle("ws", timeout)).isFalse();
    clock.advance(Duration.ofMinutes(1));
    assertThat(activity.isIdle("ws", timeout)).isTrue();
  }

  @Test
  void connectedClientKeepsItAliveAndDisconnectRestartsTheClock() {
    activity.started("ws");
    activity.clientConnected("ws");
    clock.advance(Duration.ofHours(2));
    assertThat(activity.isIdle("ws", timeout)).isFalse();
    activity.clientDisconnected("ws");
    clock.advance(Duration.ofMinutes(29));
    assertThat(activity.isIdle("ws", timeout)).isFalse();
    clock.advance(Duration.ofMinutes(2));
    assertThat(activity.isIdle("ws", timeout)).isTrue();
  }

  @Test
  void runningTaskKeepsItAlive() {
    activity.started("ws");
    activity.taskStarted("ws");
    clock.advance(Duration.ofHours(1));
    assertThat(activity.isIdle("ws", timeout)).isFalse();
    activity.taskFinished("ws");
    clock.advance(Duration.ofMinutes(31));
    assertThat(activity.isIdle("ws", timeout)).isTrue();
  }

  @Test
  void unbalancedCallsNeverGoBelowZero() {
    activity.clientDisconnected("ws");
    activity.taskFinished("ws");
    activity.clientConnected("ws");
    assertThat(activity.clients("ws")).isEqualTo(1);
    assertThat(activity.tasks("ws")).isZero();
  }

  @Test
  void stopClearsTasksButKeepsClients() {
    activity.clientConnected("ws");
    activity.taskStarted("ws");
    activity.stopped("ws");
    assertThat(activity.tasks("ws")).isZero();
    assertThat(activity.clients("ws")).isEqualTo(1);
  }

  @Test
  void touchPersistsAtMostOncePerMinute() {
    activity.touch("ws");
    activity.touch("ws");
    clock.advance(Duration.ofSeconds(30));
    activity.touch("ws");
    verify(repository, times(1)).touch(eq("ws"), any());
    clock.advance(Duration.ofSeconds(31));
    activity.touch("ws");
    verify(repository, times(2)).touch(eq("ws"), any());
  }

  @Test
  void workspaceNeverSeenStartsItsIdleClockWhenFirstChecked() {
    assertThat(activity.isIdle("new", timeout)).isFalse();
    clock.advance(timeout);
    assertThat(activity.isIdle("new", timeout)).isTrue();
  }

  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
