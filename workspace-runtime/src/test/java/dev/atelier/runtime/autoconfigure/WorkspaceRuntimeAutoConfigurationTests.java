package dev.atelier.runtime.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.runtime.local.LocalRuntimeOptions;
import dev.atelier.runtime.local.LocalWorkspaceRuntime;
import dev.atelier.runtime.local.NetworkMode;
import dev.atelier.runtime.local.SandboxMode;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceSpec;
import dev.atelier.stacks.Stack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class WorkspaceRuntimeAutoConfigurationTests {

  @TempDir Path root;

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(WorkspaceRuntimeAutoConfiguration.class))
        .withPropertyValues("atelier.runtime.local.root=" + root);
  }

  @Test
  void createsTheLocalRuntimeByDefault() {
    runner()
        .run(
            context -> {
              assertThat(context).hasSingleBean(WorkspaceRuntime.class);
              LocalWorkspaceRuntime runtime = context.getBean(LocalWorkspaceRuntime.class);
              assertThat(runtime.type()).isEqualTo("local");
              LocalRuntimeOptions options = runtime.options();
              assertThat(options.root()).isEqualTo(root);
              assertThat(options.sandbox()).isEqualTo(SandboxMode.AUTO);
              assertThat(options.startTimeout()).isEqualTo(Duration.ofMinutes(10));
              assertThat(options.allowLocalRepositories()).isFalse();
            });
  }

  @Test
  void bindsEveryLocalKey() {
    runner()
        .withPropertyValues(
            "atelier.runtime.type=local",
            "atelier.runtime.start-timeout=45s",
            "atelier.runtime.local.sandbox=off",
            "atelier.runtime.local.bubblewrap=/opt/bwrap/bin/bwrap",
            "atelier.runtime.local.cgroup-root=/tmp/no-cgroups",
            "atelier.runtime.local.allow-local-repositories=true",
            "atelier.runtime.local.extra-read-only-paths=/opt/a,/opt/b",
            "atelier.runtime.local.network=none",
            "atelier.runtime.local.sandbox-uid=61001",
            "atelier.runtime.local.sandbox-gid=61002",
            "atelier.runtime.local.network-gid=61003")
        .run(
            context -> {
              LocalRuntimeOptions options = context.getBean(LocalWorkspaceRuntime.class).options();
              assertThat(options.startTimeout()).isEqualTo(Duration.ofSeconds(45));
              assertThat(options.sandbox()).isEqualTo(SandboxMode.OFF);
              assertThat(options.bubblewrap()).isEqualTo("/opt/bwrap/bin/bwrap");
              assertThat(options.cgroupRoot()).isEqualTo(Path.of("/tmp/no-cgroups"));
              assertThat(options.allowLocalRepositories()).isTrue();
              assertThat(options.extraReadOnlyPaths())
                  .containsExactly(Path.of("/opt/a"), Path.of("/opt/b"));
              assertThat(options.network()).isEqualTo(NetworkMode.NONE);
              assertThat(options.sandboxUid()).isEqualTo(61001);
              assertThat(options.sandboxGid()).isEqualTo(61002);
              assertThat(options.networkGid()).isEqualTo(61003);
            });
  }

  @Test
  void rejectsRootOrANegativeIdAndAnUnknownNetworkModeAtStartUp() {
    Map<String, String> fields =
        Map.of(
            "sandbox-uid", "sandboxUid", "sandbox-gid", "sandboxGid", "network-gid", "networkGid");
    for (Map.Entry<String, String> key : fields.entrySet()) {
      for (String value : List.of("0", "-5")) {
        runner()
            .withPropertyValues("atelier.runtime.local." + key.getKey() + "=" + value)
            .run(
                context ->
                    assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("local." + key.getValue())
                        .hasStackTraceContaining("must be greater than or equal to 1"));
      }
    }
    runner()
        .withPropertyValues("atelier.runtime.local.network=sometimes")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("atelier.runtime.local.network"));
  }

  @Test
  void backsOffForAnotherRuntimeType() {
    runner()
        .withPropertyValues("atelier.runtime.type=kubernetes")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(WorkspaceRuntime.class);
              assertThat(context).hasSingleBean(RuntimeProperties.class);
            });
  }

  @Test
  void backsOffForAnApplicationRuntime() {
    runner()
        .withUserConfiguration(OwnRuntime.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(WorkspaceRuntime.class);
              assertThat(context).doesNotHaveBean(LocalWorkspaceRuntime.class);
            });
  }

  @Test
  void rejectsAnUnknownTypeOrSandboxModeAtStartUp() {
    runner()
        .withPropertyValues("atelier.runtime.type=docker")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("atelier.runtime.type")
                    .hasMessageContaining("'local' or 'kubernetes'"));
    runner()
        .withPropertyValues("atelier.runtime.local.sandbox=sometimes")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("atelier.runtime.local.sandbox"));
  }

  @Test
  void closingTheContextClosesTheRuntime() {
    LocalWorkspaceRuntime[] runtime = new LocalWorkspaceRuntime[1];
    runner()
        .withPropertyValues("atelier.runtime.local.sandbox=off")
        .run(context -> runtime[0] = context.getBean(LocalWorkspaceRuntime.class));

    Stack stack =
        new Stack(
            "s", "S", null, null, Map.of(), List.of(), null, null, List.of(), List.of(), List.of(),
            null);
    CompletableFuture<?> start =
        runtime[0].start(new WorkspaceSpec("after-close", "o", stack, null, Map.of()));
    assertThat(start).isCompletedExceptionally();
  }

  @Test
  void isRegisteredAsAnAutoConfiguration() {
    List<String> candidates = new java.util.ArrayList<>();
    ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())
        .forEach(candidates::add);
    assertThat(candidates).contains(WorkspaceRuntimeAutoConfiguration.class.getName());
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnRuntime {
    @Bean
    WorkspaceRuntime ownRuntime() {
      return Mockito.mock(WorkspaceRuntime.class);
    }
  }
}
