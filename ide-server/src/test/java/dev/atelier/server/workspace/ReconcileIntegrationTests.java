package dev.atelier.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.server.testsupport.IntegrationTestSupport;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The database is corrected when it claims workspaces are active that the runtime lost. */
class ReconcileIntegrationTests extends IntegrationTestSupport {

  @Autowired WorkspaceRepository repository;
  @Autowired WorkspaceReconciler reconciler;
  @Autowired WorkspaceRuntime runtime;

  private WorkspaceRecord row(String id, String owner, Phase phase) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return new WorkspaceRecord(
        id, owner, id, "python", null, null, null, phase, List.of(), 0, now, now);
  }

  @Test
  void workspacesWhoseProcessesAreGoneAreNeverLeftRunning() {
    String owner = newUser("reconcile").account().id();
    repository.insert(row("ghost-running-aaaa", owner, Phase.RUNNING));
    repository.insert(row("ghost-creating-aaaa", owner, Phase.CREATING));
    repository.insert(row("ghost-stopping-aaaa", owner, Phase.STOPPING));
    repository.insert(row("ghost-stopped-aaaa", owner, Phase.STOPPED));
    assertThat(runtime.activeWorkspaces()).doesNotContain("ghost-running-aaaa");

    reconciler.reconcile();

    WorkspaceRecord running = repository.find("ghost-running-aaaa").orElseThrow();
    assertThat(running.phase()).isEqualTo(Phase.STOPPED);
    assertThat(running.conditions())
        .singleElement()
        .satisfies(c -> assertThat(c.type()).isEqualTo("serverRestarted"));
    WorkspaceRecord creating = repository.find("ghost-creating-aaaa").orElseThrow();
    assertThat(creating.phase()).isEqualTo(Phase.FAILED);
    assertThat(creating.conditions().get(0).type()).isEqualTo("serverRestarted");
    assertThat(creating.conditions().get(0).message()).contains("while the workspace was starting");
    assertThat(repository.find("ghost-stopping-aaaa").orElseThrow().phase())
        .isEqualTo(Phase.STOPPED);
    WorkspaceRecord stopped = repository.find("ghost-stopped-aaaa").orElseThrow();
    assertThat(stopped.version()).isZero();
    assertThat(repository.transitions("ghost-running-aaaa"))
        .extracting(WorkspaceTransition::phase)
        .containsExactly(Phase.RUNNING, Phase.STOPPED);
  }

  @Test
  void runningWorkspaceIsLeftAloneAndShutdownStopsIt() {
    String token = newUserToken("shutdown");
    String id = json(post("/api/workspaces", "{\"stack\":\"python\"}", token)).path("id").asText();
    awaitPhase(id, token, "RUNNING");
    assertThat(runtime.activeWorkspaces()).contains(id);

    reconciler.reconcile();
    assertThat(repository.find(id).orElseThrow().phase()).isEqualTo(Phase.RUNNING);

    reconciler.stop(); // what the server does on shutdown
    try {
      WorkspaceRecord stopped = repository.find(id).orElseThrow();
      assertThat(stopped.phase()).isEqualTo(Phase.STOPPED);
      assertThat(stopped.conditions().get(0).type()).isEqualTo("serverShutdown");
      assertThat(runtime.activeWorkspaces()).doesNotContain(id);
    } finally {
      reconciler.start();
    }
  }
}
