package dev.atelier.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the agent gets into a workspace pod: init container, shared volume, read-only mount. */
class PodAgentSpecTests {

  @Test
  void anInitContainerFromTheAgentImageFillsAVolumeTheWorkspaceSeesReadOnly() {
    KubernetesRuntimeProperties properties = TestStacks.properties("ns");
    properties.setAgentImage("registry.example.com/atelier/ide-server:1.2.3");
    Pod pod =
        new WorkspaceObjects(properties, "ns")
            .pod(TestStacks.spec("p1", "https://git.example.com/a.git"), TestStacks.python(), true);

    List<Container> init = pod.getSpec().getInitContainers();
    assertThat(init).extracting(Container::getName).containsExactly("agent", "clone");
    Container agent = init.get(0);
    assertThat(agent.getImage()).isEqualTo("registry.example.com/atelier/ide-server:1.2.3");
    assertThat(agent.getCommand()).startsWith("/bin/sh", "-c").endsWith("/mnt/atelier-agent");
    assertThat(agent.getResources().getRequests())
        .containsEntry("cpu", new Quantity("100m"))
        .containsEntry("memory", new Quantity("128Mi"));
    assertThat(agent.getResources().getLimits()).isEqualTo(agent.getResources().getRequests());
    assertThat(agent.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(agent.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(agent.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(agent.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(agent.getVolumeMounts())
        .singleElement()
        .satisfies(
            mount -> {
              assertThat(mount.getName()).isEqualTo("atelier-agent");
              assertThat(mount.getMountPath()).isEqualTo("/mnt/atelier-agent");
              assertThat(mount.getReadOnly()).isNotEqualTo(Boolean.TRUE);
            });

    Volume volume =
        pod.getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals("atelier-agent"))
            .findFirst()
            .orElseThrow();
    assertThat(volume.getEmptyDir()).isNotNull();
    assertThat(volume.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("256Mi"));

    Container workspace = pod.getSpec().getContainers().get(0);
    VolumeMount mount =
        workspace.getVolumeMounts().stream()
            .filter(m -> m.getName().equals("atelier-agent"))
            .findFirst()
            .orElseThrow();
    assertThat(mount.getMountPath()).isEqualTo("/opt/atelier");
    assertThat(mount.getReadOnly()).isTrue();
    assertThat(workspace.getPorts()).extracting(p -> p.getContainerPort()).containsExactly(8000);
  }

  @Test
  void aFailedAgentCopyFailsTheWorkspaceWithItsMessage() {
    Pod pod =
        new WorkspaceObjects(TestStacks.properties("ns"), "ns")
            .pod(TestStacks.spec("p2"), TestStacks.python(), false);
    pod.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase("Pending")
            .withInitContainerStatuses(
                Kubelet.terminated(
                    "agent", 1, "Error", "the agent image has no /opt/atelier/agent"))
            .build());
    PodStatusMapper.PodState state = PodStatusMapper.map(pod);
    assertThat(state.failed()).isTrue();
    assertThat(state.conditions())
        .singleElement()
        .satisfies(
            condition -> {
              assertThat(condition.type()).isEqualTo("initFailed");
              assertThat(condition.message()).contains("has no /opt/atelier/agent");
            });
  }

  @Test
  void theAgentCommandRunsTheVolumesJavaWithoutTheImagesJavaSettings() {
    List<String> argv = PodAgent.command();
    assertThat(argv.subList(0, 2)).containsExactly("/bin/sh", "-c");
    assertThat(argv.get(2)).contains("unset JAVA_TOOL_OPTIONS");
    assertThat(argv)
        .contains(
            "/opt/atelier/jre/bin/java", "-Xmx32m", "/opt/atelier/agent.jar:/opt/atelier/jna.jar")
        .endsWith("dev.atelier.agent.Agent", "/workspace");
  }

  @Test
  void theStartScriptSetsTheImagesJavaSettingsAsideForTheAgentsProcesses() throws Exception {
    List<String> argv = new java.util.ArrayList<>(PodAgent.command().subList(0, 4));
    argv.addAll(List.of("env"));
    ProcessBuilder builder = new ProcessBuilder(argv);
    builder.environment().put("JAVA_TOOL_OPTIONS", "-Dx='a b'");
    builder.environment().put("CLASSPATH", "");
    builder.environment().remove("_JAVA_OPTIONS");
    builder.environment().remove("JDK_JAVA_OPTIONS");
    Process process = builder.start();
    List<String> env = new String(process.getInputStream().readAllBytes()).lines().toList();
    assertThat(process.waitFor()).isZero();
    assertThat(env)
        .contains("ATELIER_KEEP_JAVA_TOOL_OPTIONS=-Dx='a b'", "ATELIER_KEEP_CLASSPATH=")
        .noneMatch(line -> line.startsWith("JAVA_TOOL_OPTIONS=") || line.startsWith("CLASSPATH="))
        .noneMatch(line -> line.contains("_JAVA_OPTIONS"));
  }

  @Test
  void theCopyScriptFailsWithAMessageSayingWhatToBuildWhenTheImageHasNoAgent(@TempDir Path dir)
      throws Exception {
    // This machine has no /opt/atelier/agent, like an image built without the jib profile.
    org.junit.jupiter.api.Assumptions.assumeFalse(
        Files.exists(Path.of(WorkspaceObjects.AGENT_IMAGE_DIR)), "an agent is installed here");
    List<String> argv =
        new ArrayList<>(
            PodScripts.sh(
                WorkspaceObjects.AGENT_COPY, "atelier-agent-copy", List.of(dir.toString())));
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(output).contains("build the server image with the jib profile", "agent-image");
    try (var entries = Files.list(dir)) {
      assertThat(entries).isEmpty();
    }
  }
}
