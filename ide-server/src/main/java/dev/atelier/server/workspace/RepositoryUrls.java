package dev.atelier.server.workspace;

import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks repository URLs before anything is cloned: a scheme from {@code
 * atelier.workspace.allowed-repository-schemes}, a host, no embedded password (it would be stored
 * and shown in the dashboard), no whitespace.
 */
final class RepositoryUrls {

  static final int MAX_LENGTH = 2000;

  /** The scp-like form git accepts for SSH: {@code user@host:path}. */
  private static final Pattern SCP = Pattern.compile("[\\w.-]+@[\\w.-]+:(?!//)[^\\s]+");

  private final List<String> allowedSchemes;

  RepositoryUrls(List<String> allowedSchemes) {
    this.allowedSchemes = List.copyOf(allowedSchemes);
  }

  /**
   * The repository URL to store, or {@code null} for none.
   *
   * @throws AtelierException {@code INVALID_REPOSITORY} saying what is wrong
   */
  String normalize(String repository) {
    if (repository == null || repository.isBlank()) {
      return null;
    }
    String url = repository.strip();
    if (url.length() > MAX_LENGTH
        || url.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw invalid(
          url, "it must be a single URL without spaces, at most " + MAX_LENGTH + " characters");
    }
    if (SCP.matcher(url).matches()) {
      if (!allowedSchemes.contains("ssh")) {
        throw invalid(
            url,
            "SSH repositories are not allowed on this server; allowed schemes: "
                + String.join(", ", allowedSchemes));
      }
      return url;
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw invalid(
          url,
          "it is not a URL (" + e.getReason() + "); use e.g." + " https://host/owner/repo.git");
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme == null) {
      throw invalid(url, "it has no scheme; use e.g. https://host/owner/repo.git");
    }
    if (!allowedSchemes.contains(scheme)) {
      throw invalid(
          url,
          "the scheme '"
              + scheme
              + "' is not allowed on this server; allowed: "
              + String.join(", ", allowedSchemes));
    }
    if (!scheme.equals("file") && (uri.getHost() == null || uri.getHost().isEmpty())) {
      throw invalid(url, "it has no host; use e.g. https://host/owner/repo.git");
    }
    if (uri.getRawUserInfo() != null && uri.getRawUserInfo().contains(":")) {
      throw invalid(
          url,
          "it contains a password or token; Atelier stores and shows repository"
              + " URLs, so leave credentials out of them");
    }
    if (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/")) {
      throw invalid(url, "it names no repository path; use e.g. https://host/owner/repo.git");
    }
    return url;
  }

  /** {@code https://host/owner/hello.git} → {@code hello}. */
  static String lastSegment(String url) {
    String path = url.replaceAll("[?#].*$", "").replaceAll("/+$", "");
    int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf(':'));
    String segment = path.substring(cut + 1);
    return segment.endsWith(".git") ? segment.substring(0, segment.length() - 4) : segment;
  }

  private static AtelierException invalid(String url, String why) {
    return new AtelierException(
        ErrorCode.INVALID_REPOSITORY, "Repository '" + url + "' is not valid: " + why + ".");
  }
}
