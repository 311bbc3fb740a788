package dev.atelier.gateway.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.gateway.GatewayOptions;
import dev.atelier.gateway.LanguageGateway;
import dev.atelier.gateway.spi.WorkspaceStacks;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class LanguageGatewayAutoConfigurationTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ValidationAutoConfiguration.class, LanguageGatewayAutoConfiguration.class));

  private ApplicationContextRunner withRuntime() {
    return runner
        .withBean(WorkspaceRuntime.class, () -> Mockito.mock(WorkspaceRuntime.class))
        .withBean(WorkspaceStacks.class, () -> id -> Optional.empty());
  }

  @Test
  void aGatewayIsCreatedOverTheRuntimeWithTheConfiguredSettings() {
    withRuntime()
        .withPropertyValues(
            "atelier.gateway.request-timeout=5s",
            "atelier.gateway.idle-timeout=2m",
            "atelier.gateway.workspace-root=/workspace")
        .run(
            context -> {
              assertThat(context).hasSingleBean(LanguageGateway.class);
              GatewayOptions options = context.getBean(LanguageGatewayProperties.class).toOptions();
              assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
              assertThat(options.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
              assertThat(options.workspaceRoot()).isEqualTo("/workspace");
              assertThat(options.startTimeout()).isEqualTo(GatewayOptions.DEFAULT_START_TIMEOUT);
            });
  }

  @Test
  void withoutARuntimeThereIsNoGateway() {
    runner.run(context -> assertThat(context).doesNotHaveBean(LanguageGateway.class));
  }

  @Test
  void anApplicationGatewayWins() {
    withRuntime()
        .withBean("custom", LanguageGateway.class, () -> Mockito.mock(LanguageGateway.class))
        .run(
            context ->
                assertThat(context)
                    .getBean(LanguageGateway.class)
                    .isSameAs(context.getBean("custom")));
  }

  @Test
  void badSettingsFailTheStartWithAMessage() {
    withRuntime()
        .withPropertyValues(
            "atelier.gateway.max-restarts=0",
            "atelier.gateway.workspace-root=workspace",
            "atelier.gateway.request-timeout=0s")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("maxRestarts")
                  .hasMessageContaining("must be an absolute path")
                  .hasMessageContaining("must be positive durations");
            });
  }
}
