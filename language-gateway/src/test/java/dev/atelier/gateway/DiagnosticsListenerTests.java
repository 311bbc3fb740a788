package dev.atelier.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link LanguageGateway#addDiagnosticsListener}: once per publish, whatever the client count. */
class DiagnosticsListenerTests {

  static final Duration WAIT = Duration.ofSeconds(10);
  static final String WS = "ws1";
  static final String A = "atelier:/a.py";

  final FakeRuntime runtime = new FakeRuntime();
  final Map<String, String> files = new ConcurrentHashMap<>(Map.of("a.py", "ERROR here\n"));
  final LanguageGateway gateway =
      new LanguageGateway(
          runtime,
          id -> Optional.of(LanguageGatewayTests.stack()),
          (id, path) -> Optional.ofNullable(files.get(path)),
          GatewayOptions.defaults()
              .withWorkspaceRoot("/workspace")
              .withIdleTimeout(Duration.ofMillis(300)));

  @AfterEach
  void tearDown() {
    gateway.close();
  }

  @Test
  void eachPublishReachesTheListenerOnceWhateverTheNumberOfClientsAndClearingIsReported() {
    List<DiagnosticsUpdate> updates = new CopyOnWriteArrayList<>();
    gateway.addDiagnosticsListener(
        u -> {
          throw new IllegalStateException("a broken listener must not stop the others");
        });
    gateway.addDiagnosticsListener(updates::add);
    TestClient alice = TestClient.connect(gateway, WS);
    alice.handshake();
    TestClient bob = TestClient.connect(gateway, WS);
    bob.handshake();
    alice.open(A, "python", "");
    bob.open(A, "python", "");
    alice.await(
        TestClient.diagnosticsMatching(A, m -> m.equals("error on line 0")), WAIT, "diagnostic");
    bob.await(
        TestClient.diagnosticsMatching(A, m -> m.equals("error on line 0")), WAIT, "broadcast");

    assertThat(updates)
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.workspaceId()).isEqualTo(WS);
              assertThat(u.uri()).isEqualTo(A);
              assertThat(u.path()).isEqualTo("a.py");
              assertThat(u.language()).isEqualTo("python");
              assertThat(u.diagnostics())
                  .extracting(d -> d.getMessage().getLeft())
                  .containsExactly("error on line 0");
            });

    // Nobody shows the file any more: the idle server stops and its diagnostics are withdrawn.
    alice.close(A);
    bob.close(A);
    await().atMost(WAIT).until(() -> updates.size() == 2);
    assertThat(updates.get(1).path()).isEqualTo("a.py");
    assertThat(updates.get(1).language()).isEqualTo("python");
    assertThat(updates.get(1).diagnostics()).isEmpty();
  }

  @Test
  void aRemovedListenerHearsNothingMore() throws Exception {
    List<DiagnosticsUpdate> updates = new CopyOnWriteArrayList<>();
    gateway.addDiagnosticsListener(updates::add).close();
    TestClient client = TestClient.connect(gateway, WS);
    client.handshake();
    client.open(A, "python", "");
    client.await(TestClient.diagnosticsMatching(A, m -> true), WAIT, "diagnostic");
    assertThat(updates).isEmpty();
  }
}
