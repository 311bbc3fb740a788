package dev.atelier.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.testsupport.IntegrationTestSupport;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** A running workspace nobody uses is stopped after the (here very short) idle timeout. */
@TestPropertySource(
    properties = {
      "atelier.workspace.idle-timeout=2s",
      "atelier.workspace.idle-check-interval=200ms"
    })
class IdleTimeoutIntegrationTests extends IntegrationTestSupport {

  @Autowired WorkspaceActivity activity;

  @Test
  void idleWorkspaceIsStoppedWithItsContentKept() {
    String token = newUserToken("idle");
    String id = json(post("/api/workspaces", "{\"stack\":\"python\"}", token)).path("id").asText();
    awaitPhase(id, token, "RUNNING");
    long runningAt = System.nanoTime();
    JsonNode stopped = awaitPhase(id, token, "STOPPED");
    assertThat((System.nanoTime() - runningAt) / 1_000_000).isGreaterThanOrEqualTo(1500);
    assertThat(stopped.path("conditions").get(0).path("type").asText()).isEqualTo("idleTimeout");
    assertThat(home.resolve("workspaces").resolve(id)).isDirectory();
  }

  @Test
  void connectedClientOrRunningTaskKeepsItRunning() {
    String token = newUserToken("busy");
    String id = json(post("/api/workspaces", "{\"stack\":\"python\"}", token)).path("id").asText();
    activity.clientConnected(id);
    awaitPhase(id, token, "RUNNING");
    staysRunning(id, token);

    activity.taskStarted(id);
    activity.clientDisconnected(id);
    staysRunning(id, token);

    activity.taskFinished(id);
    awaitPhase(id, token, "STOPPED");
  }

  /** Still RUNNING throughout 3 s, longer than the 2 s idle timeout. */
  private void staysRunning(String id, String token) {
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> json(get("/api/workspaces/" + id, token)).path("phase").asText(),
            "RUNNING"::equals);
  }
}
