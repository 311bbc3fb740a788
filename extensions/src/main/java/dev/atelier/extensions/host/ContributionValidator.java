package dev.atelier.extensions.host;

/**
 * The host's own checks of an extension's contributions before they are accepted (Atelier parses
 * its stacks and key bindings). Throwing {@link IllegalArgumentException} refuses the extension
 * with the exception's message.
 */
@FunctionalInterface
public interface ContributionValidator {

  ContributionValidator NONE = contributions -> {};

  void validate(ContributionSet contributions);
}
