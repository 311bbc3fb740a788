package dev.atelier.runtime.kubernetes;

import dev.atelier.runtime.spi.RuntimeEvent;
import dev.atelier.runtime.spi.WorkspaceSpec;
import dev.atelier.stacks.Command;
import dev.atelier.stacks.Resources;
import dev.atelier.stacks.Stack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** Stacks, specs and an event recorder shared by the Kubernetes runtime tests. */
final class TestStacks {

  // Held so the level sticks: java.util.logging keeps loggers weakly.
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    quietMockServer();
  }

  private TestStacks() {}

  /** The mock server logs every request at INFO; tests print its warnings only. */
  static void quietMockServer() {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  static Stack python() {
    return new Stack(
        "python",
        "Python",
        "",
        "python:3.11",
        Map.of("PYTHONUNBUFFERED", "1"),
        List.of(8000),
        null,
        null,
        List.of(),
        List.of(),
        List.of(),
        new Resources(2000, 2L << 30, 512));
  }

  static Stack withCommands(Stack stack, Command postCreate, Command postStart) {
    return new Stack(
        stack.id(),
        stack.name(),
        stack.description(),
        stack.image(),
        stack.containerEnv(),
        stack.forwardPorts(),
        postCreate,
        postStart,
        stack.tasks(),
        stack.languageServers(),
        stack.debugAdapters(),
        stack.resources());
  }

  static WorkspaceSpec spec(String id) {
    return new WorkspaceSpec(id, "alice@example.com", python(), null, Map.of("team", "blue"));
  }

  static WorkspaceSpec spec(String id, String repository) {
    return new WorkspaceSpec(id, "alice@example.com", python(), repository, Map.of());
  }

  static KubernetesRuntimeProperties properties(String namespace) {
    KubernetesRuntimeProperties properties = new KubernetesRuntimeProperties();
    properties.setNamespace(namespace);
    properties.setStartTimeout(Duration.ofSeconds(30));
    properties.setStopTimeout(Duration.ofSeconds(5));
    properties.setOperationTimeout(Duration.ofSeconds(10));
    return properties;
  }

  /** Records runtime events. */
  static final class Events {
    final List<RuntimeEvent> all = new CopyOnWriteArrayList<>();

    void add(RuntimeEvent event) {
      all.add(event);
    }

    List<RuntimeEvent> of(String workspaceId) {
      return all.stream().filter(e -> e.workspaceId().equals(workspaceId)).toList();
    }

    RuntimeEvent await(String workspaceId, Predicate<RuntimeEvent> matching) {
      return Awaitility.await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () -> of(workspaceId).stream().filter(matching).findFirst().orElse(null),
              event -> event != null);
    }
  }
}
