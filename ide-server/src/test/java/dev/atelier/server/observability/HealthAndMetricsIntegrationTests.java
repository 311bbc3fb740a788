package dev.atelier.server.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atelier.server.testsupport.IntegrationTestSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Probes and Prometheus on the management port; nothing of it on the main port. */
class HealthAndMetricsIntegrationTests extends IntegrationTestSupport {

  @Test
  void livenessAndReadinessAreUpOnTheManagementPort() {
    HttpResponse<String> live = getManagement("/live");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(json(live).path("status").asText()).isEqualTo("UP");
    HttpResponse<String> ready = getManagement("/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(json(ready).path("status").asText()).isEqualTo("UP");
    assertThat(json(ready).path("components").path("dependencies").path("status").asText())
        .isEqualTo("UP");
    assertThat(json(ready).path("components").has("readinessState")).isTrue();
  }

  @Test
  void probesAreNotServedOnTheMainPort() {
    for (String path : new String[] {"/live", "/ready", "/prometheus", "/actuator/health"}) {
      HttpResponse<String> response = get(path, null);
      assertThat(response.statusCode()).as(path).isEqualTo(302);
      assertThat(response.body()).doesNotContain("\"status\"");
    }
  }

  @Test
  void prometheusExportsWorkspaceAndSocketMetrics() {
    String token = newUserToken("metrics");
    String id = json(post("/api/workspaces", "{\"stack\":\"python\"}", token)).path("id").asText();
    awaitPhase(id, token, "RUNNING");
    try {
      // The phase gauge caches the database counts for 5 s.
      String metrics =
          await()
              .atMost(Duration.ofSeconds(20))
              .pollInterval(Duration.ofMillis(500))
              .until(
                  () -> getManagement("/prometheus").body(),
                  body ->
                      Pattern.compile(
                              "atelier_workspaces\\{[^}]*phase=\"RUNNING\"[^}]*\\}" + " [1-9]")
                          .matcher(body)
                          .find());
      assertThat(metrics).contains("atelier_workspaces{", "phase=\"FAILED\"");
      assertThat(metrics).containsPattern("atelier_workspace_start_seconds_count\\{[^}]*\\} [1-9]");
      assertThat(metrics).contains("atelier_workspace_start_seconds_bucket");
      assertThat(metrics).contains("atelier_workspace_start_failures_total");
    } finally {
      delete("/api/workspaces/" + id, token);
    }
  }
}
