package dev.atelier.agent;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Workspace paths as both sides write them: relative, {@code /}-separated, {@code ""} for the root.
 * The lexical check is the same on the server (before a path is sent) and in the agent (before it
 * is used), and the server applies it again to every path the agent answers with.
 */
public final class RelativePath {

  /** Longest path accepted, in characters (Linux's PATH_MAX is 4,096 bytes). */
  public static final int MAX_LENGTH = 4096;

  private RelativePath() {}

  /**
   * The normalized form ({@code a/b}) of a path that stays inside the root.
   *
   * @throws IllegalArgumentException for an absolute path, {@code ..} above the root, a NUL or
   *     other control character, or an over-long path; the message is meant for the user
   */
  public static String normalize(String path) {
    if (path == null) {
      return "";
    }
    if (path.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "the path is longer than " + MAX_LENGTH + " characters, use a shorter one");
    }
    if (path.startsWith("/")) {
      throw outside(path);
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException(
            "the path contains a control character (code " + (int) c + "), rename it without one");
      }
    }
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : path.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (segments.isEmpty()) {
          throw outside(path);
        }
        segments.removeLast();
      } else {
        segments.addLast(segment);
      }
    }
    return String.join("/", segments);
  }

  /** Whether {@code path} is already in normalized form (what the agent must answer with). */
  public static boolean isNormalized(String path) {
    try {
      return path != null && normalize(path).equals(path);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The folder of a normalized path ({@code ""} for top-level entries). */
  public static String parent(String relative) {
    int slash = relative.lastIndexOf('/');
    return slash < 0 ? "" : relative.substring(0, slash);
  }

  private static IllegalArgumentException outside(String path) {
    return new IllegalArgumentException(
        "'" + path + "' is outside the workspace, use a relative path inside it");
  }
}
