package dev.atelier.runtime.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;

/**
 * A mock API server in CRUD mode whose exec requests a {@link FakeKubelet} runs on this machine,
 * with two clients: one for the runtime under test (its own User-Agent, so its calls can be told
 * apart) and one for the test, which plays kubelet and scheduler.
 */
final class MockCluster implements AutoCloseable {

  static final String RUNTIME_AGENT = "atelier-runtime-under-test";

  static {
    TestStacks.quietMockServer();
  }

  final Path workspaces;
  final FakeKubelet kubelet;
  final KubernetesMockServer server;
  final KubernetesClient testClient;
  final KubernetesClient runtimeClient;

  MockCluster() {
    try {
      workspaces = Files.createTempDirectory("atelier-k8s-pods");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    kubelet = new FakeKubelet(this::workspace);
    server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            new HashMap<>(),
            kubelet,
            false);
    server.init();
    testClient = server.createClient();
    Config config =
        new ConfigBuilder(testClient.getConfiguration()).withUserAgent(RUNTIME_AGENT).build();
    runtimeClient = new KubernetesClientBuilder().withConfig(config).build();
  }

  /** The folder standing for {@code /workspace} of a pod (the workspace volume). */
  Path workspace(String podName) {
    Path dir = workspaces.resolve(podName);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /** The API calls the runtime's client made. */
  List<FakeKubelet.Call> runtimeCalls() {
    return kubelet.calls().stream().filter(call -> RUNTIME_AGENT.equals(call.userAgent())).toList();
  }

  @Override
  public void close() {
    runtimeClient.close();
    testClient.close();
    server.destroy();
    try (var walk = Files.walk(workspaces)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary folder; the OS cleans it eventually
    }
  }
}
