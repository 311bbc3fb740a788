package dev.atelier.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.ExecRequest.PtySize;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.StartResult;
import dev.atelier.runtime.spi.WorkspaceFiles.FileChange;
import dev.atelier.runtime.spi.WorkspaceSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The Role in {@code deploy/kubernetes/rbac.yaml} against what the runtime really calls: a whole
 * workspace life (clone, repository stack with a new pod, lifecycle commands, exec with and without
 * PTY, kill, files, watch, ports, reconcile, a changed server label, an OOM kill, stop, delete)
 * runs against the mock API server, every request of the runtime's client is mapped to the
 * permission the API server would check, and the Role must allow each one and hold nothing unused.
 */
class KubernetesRbacIntegrationTests {

  private static final String NS = "atelier";
  private static final Pattern CORE =
      Pattern.compile("^/api/v1/namespaces/[^/]+/([^/?]+)(?:/([^/?]+)(?:/([^/?]+))?)?(\\?.*)?$");
  private static final Pattern GROUP =
      Pattern.compile(
          "^/apis/([^/]+)/[^/]+/namespaces/[^/]+/([^/?]+)(?:/([^/?]+)(?:/([^/?]+))?)?(\\?.*)?$");

  /** One RBAC permission: API group, resource (with subresource), verb. */
  record Permission(String group, String resource, String verb) implements Comparable<Permission> {
    @Override
    public int compareTo(Permission other) {
      return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
      return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb;
    }
  }

  @Test
  void roleGrantsExactlyWhatTheRuntimeCalls() throws Exception {
    Set<Permission> used = new TreeSet<>();
    Set<String> otherPaths = new TreeSet<>();
    try (MockCluster cluster = new MockCluster()) {
      exerciseEverything(cluster);
      for (FakeKubelet.Call call : cluster.runtimeCalls()) {
        Set<Permission> permissions = permissions(call);
        if (permissions.isEmpty()) {
          otherPaths.add(call.method() + " " + call.path());
        }
        used.addAll(permissions);
      }
    }

    assertThat(otherPaths).as("calls outside the namespace (would need a ClusterRole)").isEmpty();
    Set<Permission> granted = granted(DeployManifests.one(Role.class));
    assertThat(granted).as("the Role allows every call of the runtime").containsAll(used);
    assertThat(used).as("the Role holds nothing the runtime does not use").containsAll(granted);
  }

  private void exerciseEverything(MockCluster cluster) throws Exception {
    Kubelet kubelet = new Kubelet(cluster.testClient, NS);
    Path volume = cluster.workspace("ws-r1");
    Files.createDirectories(volume.resolve(".git"));
    Files.createDirectories(volume.resolve(".atelier"));
    Files.writeString(
        volume.resolve(".atelier/stack.json"),
        "{\"image\": \"node:20\", \"postCreateCommand\": \"true\"}");
    String repository = "https://git.example.com/r.git";

    KubernetesRuntimeProperties properties = TestStacks.properties(NS);
    StartResult result;
    try (KubernetesWorkspaceRuntime runtime =
        new KubernetesWorkspaceRuntime(cluster.runtimeClient, properties)) {
      TestStacks.Events events = new TestStacks.Events();
      runtime.subscribe(events::add);
      CompletableFuture<StartResult> started = runtime.start(TestStacks.spec("r1", repository));
      Pod first = kubelet.awaitPod("ws-r1");
      kubelet.report("ws-r1", Kubelet.cloning());
      events.await("r1", e -> e.phase() == Phase.INITIALIZING);
      // Quiet long enough for the runtime to read the clone's log (its progress).
      Awaitility.await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  cluster.runtimeCalls().stream()
                      .anyMatch(call -> call.path().contains("/pods/ws-r1/log")));
      kubelet.report("ws-r1", Kubelet.running());
      Awaitility.await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () -> {
                Pod current = cluster.testClient.pods().inNamespace(NS).withName("ws-r1").get();
                return current != null
                    && !current.getMetadata().getUid().equals(first.getMetadata().getUid());
              });
      kubelet.report("ws-r1", Kubelet.running());
      result = started.get(20, TimeUnit.SECONDS);

      runtime.exec("r1", ExecRequest.of("true")).onExit().get(10, TimeUnit.SECONDS);
      ExecProcess shell =
          runtime.exec(
              "r1", new ExecRequest(java.util.List.of("sh"), Map.of(), null, new PtySize(80, 24)));
      shell.resize(100, 30);
      shell.kill();
      var files = runtime.files("r1");
      files.write("a.txt", new byte[] {1});
      files.read("a.txt");
      files.list("");
      java.util.List<FileChange> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
      try (AutoCloseable watch = files.watch(changes::add)) {
        files.write("b.txt", new byte[] {2});
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> changes.stream().anyMatch(c -> c.path().equals("b.txt")));
      }
      runtime.listeningPorts("r1");
      runtime.activeWorkspaces();
      runtime.stop("r1").get(15, TimeUnit.SECONDS);
    }

    // A restarted server whose pods carry another label: the NetworkPolicy follows.
    properties.setServerPodLabels(Map.of("app.kubernetes.io/name", "atelier", "tier", "edge"));
    try (KubernetesWorkspaceRuntime restarted =
        new KubernetesWorkspaceRuntime(cluster.runtimeClient, properties)) {
      TestStacks.Events events = new TestStacks.Events();
      restarted.subscribe(events::add);
      CompletableFuture<StartResult> again =
          restarted.start(new WorkspaceSpec("r1", "alice", result.stack(), repository, Map.of()));
      kubelet.report("ws-r1", Kubelet.running());
      again.get(20, TimeUnit.SECONDS);
      assertThat(
              cluster
                  .testClient
                  .network()
                  .v1()
                  .networkPolicies()
                  .inNamespace(NS)
                  .withName("ws-r1")
                  .get()
                  .getSpec()
                  .getIngress()
                  .get(0)
                  .getFrom()
                  .get(0)
                  .getPodSelector()
                  .getMatchLabels())
          .containsEntry("tier", "edge");
      kubelet.report("ws-r1", Kubelet.oomKilled());
      events.await("r1", e -> e.phase() == Phase.FAILED);
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> cluster.testClient.pods().inNamespace(NS).withName("ws-r1").get() == null);
      restarted.delete("r1").get(15, TimeUnit.SECONDS);
    }
  }

  /** The permissions the API server checks for one request. */
  static Set<Permission> permissions(FakeKubelet.Call call) {
    String group;
    String resource;
    String name;
    String subresource;
    String query;
    Matcher core = CORE.matcher(call.path());
    Matcher grouped = GROUP.matcher(call.path());
    if (core.matches()) {
      group = "";
      resource = core.group(1);
      name = core.group(2);
      subresource = core.group(3);
      query = core.group(4);
    } else if (grouped.matches()) {
      group = grouped.group(1);
      resource = grouped.group(2);
      name = grouped.group(3);
      subresource = grouped.group(4);
      query = grouped.group(5);
    } else {
      return Set.of();
    }
    String full = subresource == null ? resource : resource + "/" + subresource;
    boolean watch = query != null && query.contains("watch=true");
    Set<String> verbs =
        switch (call.method()) {
          case "GET" -> {
            if ("exec".equals(subresource)) {
              yield Set.of(
                  "get", "create"); // WebSocket exec: get on old API servers, create on new
            }
            yield Set.of(name == null ? (watch ? "watch" : "list") : "get");
          }
          case "POST" -> Set.of("create");
          case "PUT" -> Set.of("update");
          case "PATCH" -> Set.of("patch");
          case "DELETE" -> Set.of(name == null ? "deletecollection" : "delete");
          default -> throw new AssertionError("unexpected method " + call);
        };
    Set<Permission> permissions = new TreeSet<>();
    verbs.forEach(verb -> permissions.add(new Permission(group, full, verb)));
    return permissions;
  }

  static Set<Permission> granted(Role role) {
    Set<Permission> granted = new TreeSet<>();
    for (PolicyRule rule : role.getRules()) {
      assertThat(rule.getResourceNames()).as("rules name no objects").isNullOrEmpty();
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            assertThat(verb).as("no wildcard verbs").isNotEqualTo("*");
            assertThat(resource).as("no wildcard resources").isNotEqualTo("*");
            granted.add(new Permission(group, resource, verb));
          }
        }
      }
    }
    return granted;
  }
}
