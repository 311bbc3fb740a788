package dev.atelier.server.tasks.matchers;

import dev.atelier.extensions.ProblemMatcherContribution;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Maps the paths that tools print to workspace-relative paths the editor can open. Tools inside the
 * sandbox see the workspace at {@code /workspace}; relative paths are relative to it (tasks run
 * there). Paths outside the workspace (a library in {@code /usr/lib}) have no file to open and map
 * to nothing.
 */
public final class WorkspacePaths implements ProblemMatcherContribution.PathResolver {

  /** Where the sandboxes mount the workspace. */
  public static final String SANDBOX_ROOT = "/workspace";

  private final List<Path> roots;

  /** Maps paths under {@code roots} (absolute, e.g. {@code /workspace}). */
  public WorkspacePaths(List<String> roots) {
    this.roots = roots.stream().map(r -> Path.of(r).normalize()).toList();
  }

  /** Maps paths under {@code /workspace}. */
  public static WorkspacePaths sandbox() {
    return new WorkspacePaths(List.of(SANDBOX_ROOT));
  }

  /** The workspace-relative form of {@code printed}, if it points into the workspace. */
  @Override
  public Optional<String> relativize(String printed) {
    if (printed == null || printed.isBlank() || printed.startsWith("<")) {
      return Optional.empty();
    }
    Path path;
    try {
      path = Path.of(printed.strip()).normalize();
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
    if (path.isAbsolute()) {
      Path root = roots.stream().filter(path::startsWith).findFirst().orElse(null);
      if (root == null || root.equals(path)) {
        return Optional.empty();
      }
      path = root.relativize(path);
    }
    String relative = path.toString().replace('\\', '/');
    if (relative.isEmpty() || relative.equals("..") || relative.startsWith("../")) {
      return Optional.empty();
    }
    return Optional.of(relative);
  }
}
