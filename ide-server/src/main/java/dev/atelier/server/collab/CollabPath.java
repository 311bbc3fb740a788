package dev.atelier.server.collab;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The target of a {@code /collab/...} socket: {@code /collab/{workspaceId}} is the workspace's
 * presence room, {@code /collab/{workspaceId}/{path...}} the document of a workspace file.
 *
 * @param workspaceId the workspace
 * @param path the workspace-relative file path ({@code /}-separated, normalised), or {@code null}
 *     for the presence room
 */
record CollabPath(String workspaceId, String path) {

  static final String PREFIX = "/collab/";

  /** A socket URI that names no acceptable room; the message says why. */
  static final class InvalidPath extends Exception {
    InvalidPath(String message) {
      super(message);
    }
  }

  boolean presence() {
    return path == null;
  }

  /**
   * Parses the socket's URI. Each segment is percent-decoded on its own, so an encoded {@code /}
   * cannot smuggle in a segment.
   *
   * @throws InvalidPath for anything that is not a plain relative path inside the workspace
   */
  static CollabPath parse(URI uri) throws InvalidPath {
    String raw = uri.getRawPath();
    if (raw == null || !raw.startsWith(PREFIX)) {
      throw new InvalidPath("the collaboration URL must be /collab/{workspaceId}[/{path}]");
    }
    String rest = raw.substring(PREFIX.length());
    List<String> segments = new ArrayList<>();
    for (String segment : rest.split("/", -1)) {
      segments.add(decode(segment));
    }
    if (segments.isEmpty() || segments.get(0).isEmpty()) {
      throw new InvalidPath("the collaboration URL names no workspace: /collab/{workspaceId}");
    }
    String workspaceId = segments.get(0);
    List<String> file = segments.subList(1, segments.size());
    if (file.isEmpty() || (file.size() == 1 && file.get(0).isEmpty())) {
      return new CollabPath(workspaceId, null);
    }
    for (String segment : file) {
      if (segment.isEmpty()) {
        throw new InvalidPath(
            "the file path has an empty segment (// or a trailing /); name a file relative to the"
                + " workspace root");
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new InvalidPath("the file path must not contain '.' or '..' segments");
      }
      if (segment.indexOf('/') >= 0 || segment.indexOf('\\') >= 0) {
        throw new InvalidPath("a file name must not contain an encoded '/' or a '\\'");
      }
      for (int i = 0; i < segment.length(); i++) {
        if (segment.charAt(i) < 0x20) {
          throw new InvalidPath("the file path must not contain NUL or control characters");
        }
      }
    }
    return new CollabPath(workspaceId, String.join("/", file));
  }

  private static String decode(String segment) throws InvalidPath {
    try {
      // '+' is a literal plus in a path, not a space
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidPath("the collaboration URL has a malformed percent-escape");
    }
  }
}
