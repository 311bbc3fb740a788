package dev.atelier.extensions.autoconfigure;

import dev.atelier.extensions.builtin.LanguageExtensions;
import dev.atelier.extensions.host.BuiltinExtension;
import dev.atelier.extensions.host.ContributionValidator;
import dev.atelier.extensions.host.Extensions;
import dev.atelier.extensions.host.LanguageTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Loads the extensions once at start-up: the built-in language extensions, then every {@link
 * BuiltinExtension} bean of the application (in {@code @Order}), then the jars of {@code
 * atelier.extensions.directory}. {@link ContributionValidator} beans add the application's own
 * checks. Closing the context closes the jars' class loaders.
 */
@AutoConfiguration
@EnableConfigurationProperties(ExtensionsProperties.class)
public class ExtensionsAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Extensions extensions(
      ObjectProvider<BuiltinExtension> builtins,
      ObjectProvider<ContributionValidator> validators,
      ExtensionsProperties properties,
      Environment environment) {
    List<BuiltinExtension> all = new ArrayList<>(LanguageExtensions.all());
    builtins.orderedStream().forEach(all::add);
    return Extensions.load(
        all,
        properties.isLoadJars() ? directory(properties, environment) : null,
        all(validators.orderedStream().toList()));
  }

  @Bean
  @ConditionalOnMissingBean
  public LanguageTable languageTable(Extensions extensions) {
    return new LanguageTable(extensions.contributions().languages());
  }

  /** Every validator bean, in order; the first that throws refuses the extension. */
  private static ContributionValidator all(List<ContributionValidator> validators) {
    return contributions -> validators.forEach(v -> v.validate(contributions));
  }

  private static Path directory(ExtensionsProperties properties, Environment environment) {
    if (properties.getDirectory() != null) {
      return properties.getDirectory();
    }
    String home = environment.getProperty("atelier.home");
    return home == null || home.isBlank() ? null : Path.of(home, "extensions");
  }
}
