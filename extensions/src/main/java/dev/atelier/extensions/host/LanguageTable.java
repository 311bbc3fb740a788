package dev.atelier.extensions.host;

import dev.atelier.extensions.LanguageContribution;
import dev.atelier.extensions.LanguageContribution.ServerLaunchPlan;
import dev.atelier.extensions.LanguageContribution.ServerLaunchRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contributed languages, looked up by id or by file: the editor's syntax for a path, a
 * language's display name, the LSP language id of a file (dialects), and its server launch.
 * Immutable and thread-safe.
 */
public final class LanguageTable {

  private static final Logger log = LoggerFactory.getLogger(LanguageTable.class);

  /** A table without languages: syntax is plain text, names are ids, launches are unchanged. */
  public static final LanguageTable EMPTY = new LanguageTable(List.of());

  private record Rule(Pattern pattern, String value) {}

  private final Map<String, LanguageContribution> byId = new LinkedHashMap<>();
  private final List<Rule> syntaxRules = new ArrayList<>();
  private final Map<String, List<Rule>> dialects = new LinkedHashMap<>();

  public LanguageTable(List<LanguageContribution> languages) {
    for (LanguageContribution language : languages) {
      byId.putIfAbsent(language.id(), language);
      if (language.editorSyntax() != null) {
        for (String glob : language.filePatterns()) {
          syntaxRules.add(new Rule(Globs.compile(glob), language.editorSyntax()));
        }
      }
      List<Rule> own = new ArrayList<>();
      language
          .dialects()
          .forEach(d -> own.add(new Rule(Globs.compile(d.filePattern()), d.languageId())));
      dialects.put(language.id(), own);
    }
  }

  /** The editor syntax id for a workspace-relative path, empty for plain text. */
  public Optional<String> syntaxOf(String path) {
    for (Rule rule : syntaxRules) {
      if (rule.pattern.matcher(path).matches()) {
        return Optional.of(rule.value);
      }
    }
    return Optional.empty();
  }

  /** A human name for a language id ({@code Python}), the id itself when unknown. */
  public String displayName(String languageId) {
    LanguageContribution language = byId.get(languageId.toLowerCase(Locale.ROOT));
    return language == null ? languageId : language.displayName();
  }

  /**
   * The language id to announce for {@code path} in {@code didOpen}: a dialect of {@code
   * languageId} when one matches ({@code .tsx} → {@code typescriptreact}), else {@code languageId}.
   */
  public String lspLanguageId(String languageId, String path) {
    for (Rule rule : dialects.getOrDefault(languageId, List.of())) {
      if (rule.pattern.matcher(path).matches()) {
        return rule.value;
      }
    }
    return languageId;
  }

  /**
   * How a language's server is launched when the stack says {@code request.command()}: the
   * language's launcher's plan, or empty to run the command as it is. A launcher that throws is
   * logged and treated as empty.
   */
  public Optional<ServerLaunchPlan> launch(String languageId, ServerLaunchRequest request) {
    LanguageContribution language = byId.get(languageId);
    if (language == null || language.serverLauncher() == null) {
      return Optional.empty();
    }
    try {
      return language.serverLauncher().plan(request);
    } catch (RuntimeException e) {
      log.warn("The launcher of language {} failed; running the stack's command", languageId, e);
      return Optional.empty();
    }
  }

  /** Every language, in contribution order. */
  public List<LanguageContribution> languages() {
    return List.copyOf(byId.values());
  }
}
