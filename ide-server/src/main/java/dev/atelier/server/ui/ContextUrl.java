package dev.atelier.server.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Gitpod-style context URLs: {@code /#/https://host/owner/repo} opens a new workspace for that
 * repository. The fragment never reaches the server, so the browser hands it to the dashboard,
 * which sends the user on to {@code /new?repository=…}, where the server asks to confirm before it
 * creates the workspace.
 */
final class ContextUrl {

  /** Key in the browser's sessionStorage that keeps the fragment across the login redirect. */
  static final String STORAGE_KEY = "atelier.contextUrl";

  private static final Pattern REPOSITORY =
      Pattern.compile("^(?:(?:https?|ssh|git|file)://\\S+|[\\w.-]+@[\\w.-]+:\\S+)$");

  private ContextUrl() {}

  /**
   * The repository named by a location fragment such as {@code #/https://host/repo}.
   *
   * @param hash {@code location.hash}, may be {@code null} or empty
   * @return the repository URL, or empty when the fragment is not a context URL
   */
  static Optional<String> repository(String hash) {
    if (hash == null || !hash.startsWith("#/")) {
      return Optional.empty();
    }
    String candidate = hash.substring(2).trim();
    return REPOSITORY.matcher(candidate).matches() ? Optional.of(candidate) : Optional.empty();
  }

  /** The server location that offers to create a workspace for {@code repository}. */
  static String newWorkspaceLocation(String repository) {
    return "new?repository=" + URLEncoder.encode(repository, StandardCharsets.UTF_8);
  }
}
