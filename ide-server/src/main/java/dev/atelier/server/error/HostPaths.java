package dev.atelier.server.error;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Last line of defence against host paths in error responses: the server's data folder ({@code
 * atelier.home}, as configured and as resolved through symbolic links) is replaced in every problem
 * detail by {@code <server data>}. Messages are meant to name workspace paths only; this catches
 * the ones that slip through from libraries.
 */
@Component
public class HostPaths {

  static final String PLACEHOLDER = "<server data>";

  private final Set<String> prefixes = new LinkedHashSet<>();

  HostPaths(@Value("${atelier.home}") Path home) {
    prefixes.add(home.toAbsolutePath().normalize().toString());
    try {
      prefixes.add(home.toRealPath().toString());
    } catch (IOException e) {
      // not created yet: the configured path is all there is
    }
    prefixes.removeIf(p -> p.length() < 2); // never redact "/"
  }

  /** {@code text} with the data folder replaced; {@code null} stays {@code null}. */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (String prefix : prefixes) {
      result = result.replace(prefix, PLACEHOLDER);
    }
    return result;
  }

  /** Redacts the detail of {@code problem} in place and returns it. */
  public ProblemDetail redact(ProblemDetail problem) {
    problem.setDetail(redact(problem.getDetail()));
    return problem;
  }
}
