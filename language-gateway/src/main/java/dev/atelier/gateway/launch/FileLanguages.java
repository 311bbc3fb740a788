package dev.atelier.gateway.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides which server and LSP language id a workspace file belongs to, from the stack's file
 * globs. The first server (in stack order) with a matching glob wins.
 *
 * <p>Globs follow the devcontainer / VS Code conventions: {@code *} and {@code ?} stay within a
 * path segment, {@code **} spans segments ({@code **}{@code /*.py} also matches {@code main.py} at
 * the root), {@code {a,b}} is an alternative and {@code [..]} a character class.
 */
public final class FileLanguages {

  private record Rule(ServerLaunch server, String language, Pattern pattern) {}

  /** A file's server and the language id to announce in {@code didOpen}. */
  public record Match(ServerLaunch server, String languageId) {}

  private final List<Rule> rules = new ArrayList<>();

  public FileLanguages(List<ServerLaunch> servers) {
    for (ServerLaunch server : servers) {
      for (String language : server.languages()) {
        for (String glob : server.fileGlobs().getOrDefault(language, List.of())) {
          rules.add(new Rule(server, language, Pattern.compile(toRegex(glob))));
        }
      }
    }
  }

  /** The server for a workspace-relative path, if one of the stack's servers serves it. */
  public Optional<Match> match(String path) {
    for (Rule rule : rules) {
      if (rule.pattern.matcher(path).matches()) {
        return Optional.of(new Match(rule.server, languageId(rule.language, path)));
      }
    }
    return Optional.empty();
  }

  /**
   * The stack's language id, refined where the protocol distinguishes dialects the stack does not
   * (TypeScript only parses JSX in files announced as {@code typescriptreact}).
   */
  static String languageId(String language, String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    if (language.equals("typescript") && lower.endsWith(".tsx")) {
      return "typescriptreact";
    }
    if (language.equals("javascript") && lower.endsWith(".jsx")) {
      return "javascriptreact";
    }
    return language;
  }

  /** A glob as an anchored regular expression. */
  static String toRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    int i = 0;
    int braces = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i);
      if (c == '*') {
        boolean doubleStar = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
        if (doubleStar) {
          boolean slashAfter = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
          boolean atSegmentStart = i == 0 || glob.charAt(i - 1) == '/';
          if (slashAfter && atSegmentStart) {
            regex.append("(?:.*/)?");
            i += 3;
          } else {
            regex.append(".*");
            i += 2;
          }
          continue;
        }
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else if (c == '{') {
        braces++;
        regex.append("(?:");
      } else if (c == '}' && braces > 0) {
        braces--;
        regex.append(')');
      } else if (c == ',' && braces > 0) {
        regex.append('|');
      } else if (c == '[') {
        int close = glob.indexOf(']', i + 1);
        if (close < 0) {
          regex.append("\\[");
        } else {
          String body = glob.substring(i + 1, close);
          if (body.startsWith("!")) {
            body = "^" + body.substring(1);
          }
          regex.append('[').append(body.replace("\\", "\\\\")).append(']');
          i = close;
        }
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
      i++;
    }
    return regex.toString();
  }
}
