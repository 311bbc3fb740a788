package dev.atelier.server.extensions;

import dev.atelier.extensions.StackContribution;
import dev.atelier.extensions.host.ContributionValidator;
import dev.atelier.extensions.host.Extensions;
import dev.atelier.stacks.Stack;
import dev.atelier.stacks.StackCatalog;
import dev.atelier.stacks.StackException;
import dev.atelier.stacks.StackParser;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The server's side of the extension host: its checks of contributions (stacks must parse), and the
 * stack catalog made of every accepted extension's stacks, in load order (the built-in language
 * extensions first).
 */
@Configuration(proxyBeanMethods = false)
class ExtensionsConfiguration {

  /** A stack that does not parse refuses its extension, naming file, field and fix. */
  @Bean
  ContributionValidator stackValidator() {
    return contributions -> contributions.stacks().forEach(ExtensionsConfiguration::parse);
  }

  @Bean
  @ConditionalOnMissingBean
  StackCatalog stackCatalog(Extensions extensions) {
    return StackCatalog.of(
        extensions.contributions().stacks().stream().map(ExtensionsConfiguration::parse).toList());
  }

  private static Stack parse(StackContribution stack) {
    try {
      return StackParser.parse(stack.id(), stack.sourceName(), stack.json());
    } catch (StackException e) {
      throw new IllegalArgumentException(
          "its stack " + stack.id() + " is invalid: " + e.getMessage());
    }
  }
}
