package dev.atelier.server.files;

import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import java.util.Map;

/**
 * Checks workspace-relative paths before they reach the runtime, so that hostile input gets a clear
 * 400 instead of whatever the runtime happens to do with it. The runtime checks again on disk
 * (symbolic links leaving the workspace).
 */
public final class WorkspacePaths {

  /** Longest accepted path (Linux's PATH_MAX). */
  static final int MAX_LENGTH = 4096;

  private WorkspacePaths() {}

  /**
   * The normalized form of a workspace-relative path: {@code /}-separated segments without empty,
   * {@code .} or {@code ..} segments; {@code ""} (or {@code null}, or {@code "/"}) is the root. A
   * trailing slash is accepted and dropped.
   *
   * @throws AtelierException {@code INVALID_PATH} for absolute paths, {@code ..} or {@code .}
   *     segments, empty segments, NUL or other control characters, backslashes, or paths longer
   *     than 4096 characters
   */
  public static String normalize(String path) {
    if (path == null || path.isEmpty() || path.equals("/")) {
      return "";
    }
    if (path.length() > MAX_LENGTH) {
      throw invalid(path, "is longer than " + MAX_LENGTH + " characters");
    }
    if (path.startsWith("/")) {
      throw invalid(
          path, "is absolute; use a path relative to the workspace root, e.g. src/app.py");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw invalid(path, "contains a control character (e.g. NUL)");
      }
      if (c == '\\') {
        throw invalid(path, "contains a backslash; separate folders with /");
      }
    }
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    for (String segment : trimmed.split("/", -1)) {
      if (segment.isEmpty()) {
        throw invalid(path, "contains an empty segment (//)");
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw invalid(path, "contains '" + segment + "'; only plain names inside the workspace");
      }
    }
    return trimmed;
  }

  /**
   * Checks a single file or folder name (no slash) as typed in a dialog.
   *
   * @throws AtelierException {@code INVALID_PATH} when it is empty or not a plain name
   */
  public static String name(String name) {
    if (name == null || name.isBlank()) {
      throw new AtelierException(ErrorCode.INVALID_PATH, "Enter a name.");
    }
    String trimmed = name.strip();
    if (trimmed.contains("/")) {
      throw invalid(trimmed, "is not a plain name; it must not contain /");
    }
    return normalize(trimmed);
  }

  /** {@code parent/name}, or {@code name} at the root. */
  public static String child(String parent, String name) {
    return parent.isEmpty() ? name : parent + "/" + name;
  }

  /** The folder holding {@code path} ({@code ""} for top-level entries). */
  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** The last segment of {@code path}. */
  public static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Whether {@code path} is {@code ancestor} or lies below it. */
  public static boolean isWithin(String path, String ancestor) {
    return ancestor.isEmpty() || path.equals(ancestor) || path.startsWith(ancestor + "/");
  }

  private static AtelierException invalid(String path, String why) {
    String shown = path.length() > 200 ? path.substring(0, 200) + "…" : path;
    return new AtelierException(
        ErrorCode.INVALID_PATH,
        "The path '" + shown.replace('\0', '?') + "' " + why + ".",
        Map.of("path", shown.replace('\0', '?')));
  }
}
