package dev.atelier.server.extensions;

import dev.atelier.extensions.builtin.LanguageExtensions;
import dev.atelier.extensions.host.ContributionValidator;
import dev.atelier.extensions.host.Extensions;
import dev.atelier.extensions.host.LanguageTable;
import dev.atelier.stacks.StackCatalog;
import dev.atelier.stacks.StackParser;

/** The built-in language extensions without a server, for unit tests. */
public final class Builtins {

  private static final Extensions EXTENSIONS =
      Extensions.load(LanguageExtensions.all(), null, ContributionValidator.NONE);

  private Builtins() {}

  public static Extensions extensions() {
    return EXTENSIONS;
  }

  public static LanguageTable languages() {
    return new LanguageTable(EXTENSIONS.contributions().languages());
  }

  public static StackCatalog stacks() {
    return StackCatalog.of(
        EXTENSIONS.contributions().stacks().stream()
            .map(s -> StackParser.parse(s.id(), s.sourceName(), s.json()))
            .toList());
  }
}
