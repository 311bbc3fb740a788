package dev.atelier.extensions.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.extensions.CommandContribution;
import dev.atelier.extensions.host.BuiltinExtension;
import dev.atelier.extensions.host.ContributionValidator;
import dev.atelier.extensions.host.Extensions;
import dev.atelier.extensions.host.LanguageTable;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ExtensionsAutoConfigurationTests {

  @TempDir Path home;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ExtensionsAutoConfiguration.class));

  private static BuiltinExtension command(String extensionId, String commandId) {
    return new BuiltinExtension(
        extensionId,
        c -> c.command(new CommandContribution(commandId, "Label", null, true, ctx -> {})));
  }

  @Test
  void builtinLanguagesThenTheApplicationsBuiltinsAndTheTable() {
    runner
        .withPropertyValues("atelier.home=" + home)
        .withBean("a", BuiltinExtension.class, () -> command("atelier.a", "a.run"))
        .run(
            context -> {
              Extensions extensions = context.getBean(Extensions.class);
              assertThat(extensions.loaded())
                  .extracting(Extensions.Loaded::id)
                  .startsWith("atelier.java")
                  .endsWith("atelier.a");
              assertThat(context.getBean(LanguageTable.class).syntaxOf("a.py")).contains("python");
            });
  }

  @Test
  void everyValidatorBeanIsAsked() {
    runner
        .withBean("a", BuiltinExtension.class, () -> command("atelier.a", "a.run"))
        .withBean("b", BuiltinExtension.class, () -> command("atelier.b", "b.run"))
        .withBean("noop", ContributionValidator.class, () -> set -> {})
        .withBean(
            "noB",
            ContributionValidator.class,
            () ->
                set -> {
                  if (set.commands().stream().anyMatch(c -> c.id().startsWith("b."))) {
                    throw new IllegalArgumentException("no b commands here");
                  }
                })
        .run(
            context -> {
              Extensions extensions = context.getBean(Extensions.class);
              assertThat(extensions.refused())
                  .singleElement()
                  .satisfies(r -> assertThat(r.reason()).isEqualTo("no b commands here"));
              assertThat(extensions.contributions().commands()).hasSize(1);
            });
  }

  @Test
  void jarsComeFromTheHomesExtensionsFolderUnlessSwitchedOff() throws Exception {
    java.nio.file.Files.createDirectories(home.resolve("extensions"));
    java.nio.file.Files.writeString(home.resolve("extensions/broken.jar"), "not a jar");
    runner
        .withPropertyValues("atelier.home=" + home)
        .run(
            context ->
                assertThat(context.getBean(Extensions.class).refused())
                    .singleElement()
                    .satisfies(r -> assertThat(r.source()).endsWith("broken.jar")));
    runner
        .withPropertyValues("atelier.home=" + home, "atelier.extensions.load-jars=false")
        .run(context -> assertThat(context.getBean(Extensions.class).refused()).isEmpty());
  }
}
