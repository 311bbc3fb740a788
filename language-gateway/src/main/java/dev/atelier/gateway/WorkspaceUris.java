package dev.atelier.gateway;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.atelier.gateway.GatewayException.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * URIs on both sides of the gateway. Clients name documents by workspace path with the {@code
 * atelier:} scheme — {@code atelier:/src/main.py} is {@code src/main.py} in the workspace, with
 * path segments percent-encoded as in any URI — and never see where the workspace is mounted.
 * Language servers see {@code file://} URIs below the workspace root as their processes see it
 * ({@code file:///workspace/src/main.py} in the sandbox).
 *
 * <p>Translation walks JSON trees and rewrites the members that hold document URIs ({@code uri},
 * {@code targetUri}, {@code oldUri}, {@code newUri}) and the keys of a {@code WorkspaceEdit}'s
 * {@code changes}. Server URIs outside the workspace (a system header, a library's sources) are
 * left as they are: clients can show them but cannot send requests about them.
 */
public final class WorkspaceUris {

  /** The scheme of client URIs. */
  public static final String SCHEME = "atelier";

  private static final String CLIENT_PREFIX = SCHEME + ":";
  private static final Set<String> URI_MEMBERS = Set.of("uri", "targetUri", "oldUri", "newUri");
  private static final String CHANGES = "changes";
  private static final String DATA = "data";

  private final String root;
  private final String rootPrefix;

  /**
   * @param root the workspace folder as language servers see it, e.g. {@code /workspace}
   */
  public WorkspaceUris(String root) {
    if (root == null || !root.startsWith("/")) {
      throw new IllegalArgumentException("the workspace root must be an absolute path: " + root);
    }
    String trimmed =
        root.length() > 1 && root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    this.root = trimmed;
    this.rootPrefix = trimmed.equals("/") ? "/" : trimmed + "/";
  }

  public String root() {
    return root;
  }

  /** The workspace root as a {@code file:} URI, for {@code rootUri} and workspace folders. */
  public String rootUri() {
    return "file://" + encodePath(root);
  }

  /** The client URI of a workspace path: {@code src/a b.py} → {@code atelier:/src/a%20b.py}. */
  public static String clientUri(String path) {
    return CLIENT_PREFIX + encodePath("/" + normalizePath(path));
  }

  /**
   * The workspace path named by a client URI.
   *
   * @throws GatewayException {@code PATH_OUTSIDE_WORKSPACE} for another scheme, a malformed URI or
   *     a path that leaves the workspace
   */
  public static String pathOfClientUri(String uri) {
    if (uri == null || !uri.startsWith(CLIENT_PREFIX)) {
      throw new GatewayException(
          ErrorCode.PATH_OUTSIDE_WORKSPACE,
          "not a workspace document: "
              + abbreviate(uri)
              + " (use atelier:/<path in the workspace>)");
    }
    String rest = uri.substring(CLIENT_PREFIX.length());
    if (rest.startsWith("//")) {
      rest = rest.substring(2); // tolerate an empty authority: atelier:///src/main.py
    }
    int cut = indexOfAny(rest, '?', '#');
    if (cut >= 0) {
      rest = rest.substring(0, cut);
    }
    String decoded = decode(rest, uri);
    String path = normalizePath(decoded);
    if (path.isEmpty()) {
      throw new GatewayException(
          ErrorCode.PATH_OUTSIDE_WORKSPACE,
          "not a document: " + abbreviate(uri) + " is the workspace root");
    }
    return path;
  }

  /**
   * A workspace-relative path in canonical form ({@code a/b.py}); a leading {@code /}, {@code .}
   * and empty segments are dropped.
   *
   * @throws GatewayException {@code PATH_OUTSIDE_WORKSPACE} when a {@code ..} segment or a NUL
   *     character appears
   */
  public static String normalizePath(String path) {
    if (path == null) {
      throw new GatewayException(ErrorCode.PATH_OUTSIDE_WORKSPACE, "missing path");
    }
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..") || segment.indexOf('\0') >= 0) {
        throw new GatewayException(
            ErrorCode.PATH_OUTSIDE_WORKSPACE,
            "path outside the workspace: "
                + abbreviate(path)
                + " (\"..\" segments are not allowed)");
      }
      segments.add(segment);
    }
    return String.join("/", segments);
  }

  /** The server URI of a workspace path. */
  public String serverUri(String path) {
    String normalized = normalizePath(path);
    return "file://" + encodePath(normalized.isEmpty() ? root : rootPrefix + normalized);
  }

  /**
   * The workspace path of a server URI, or empty when it is not a {@code file:} URI below the root.
   */
  public Optional<String> pathOfServerUri(String uri) {
    if (uri == null || !uri.startsWith("file:")) {
      return Optional.empty();
    }
    String rest = uri.substring("file:".length());
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      String authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
      if (!authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
        return Optional.empty();
      }
      rest = slash < 0 ? "/" : rest.substring(slash);
    }
    String path;
    try {
      path = decode(rest, uri);
    } catch (GatewayException e) {
      return Optional.empty();
    }
    if (path.equals(root)) {
      return Optional.of("");
    }
    if (!path.startsWith(rootPrefix)) {
      return Optional.empty();
    }
    try {
      return Optional.of(normalizePath(path.substring(rootPrefix.length())));
    } catch (GatewayException e) {
      return Optional.empty();
    }
  }

  /** A server URI as the client names it: translated below the root, unchanged elsewhere. */
  public String toClient(String serverUri) {
    return pathOfServerUri(serverUri).map(WorkspaceUris::clientUri).orElse(serverUri);
  }

  /** A client URI as the server names it (see {@link #pathOfClientUri} for the errors). */
  public String toServer(String clientUri) {
    return serverUri(pathOfClientUri(clientUri));
  }

  /**
   * Rewrites client URIs to server URIs in request parameters, in place. Every URI must name a
   * workspace document, except inside {@code data} members: those are the server's own opaque
   * payloads coming back (e.g. in {@code completionItem/resolve}), translated where they hold
   * client URIs and otherwise left alone.
   */
  public void paramsToServer(JsonElement tree) {
    walk(tree, this::toServer, false);
  }

  /** Rewrites server URIs to client URIs in a result or notification, in place. */
  public void resultToClient(JsonElement tree) {
    walk(tree, this::toClient, false);
  }

  private void walk(
      JsonElement tree, java.util.function.UnaryOperator<String> strict, boolean lenient) {
    if (tree == null || tree.isJsonNull() || tree.isJsonPrimitive()) {
      return;
    }
    if (tree.isJsonArray()) {
      JsonArray array = tree.getAsJsonArray();
      for (JsonElement item : array) {
        walk(item, strict, lenient);
      }
      return;
    }
    JsonObject object = tree.getAsJsonObject();
    for (Map.Entry<String, JsonElement> member : object.entrySet()) {
      String name = member.getKey();
      JsonElement value = member.getValue();
      if (URI_MEMBERS.contains(name)
          && value.isJsonPrimitive()
          && value.getAsJsonPrimitive().isString()) {
        String uri = value.getAsString();
        String mapped = lenient ? lenientMap(uri, strict) : strict.apply(uri);
        if (!mapped.equals(uri)) {
          member.setValue(new JsonPrimitive(mapped));
        }
      } else if (name.equals(CHANGES) && value.isJsonObject()) {
        JsonObject renamed = new JsonObject();
        for (Map.Entry<String, JsonElement> change : value.getAsJsonObject().entrySet()) {
          String key =
              lenient ? lenientMap(change.getKey(), strict) : strict.apply(change.getKey());
          walk(change.getValue(), strict, lenient);
          renamed.add(key, change.getValue());
        }
        member.setValue(renamed);
      } else {
        walk(value, strict, lenient || name.equals(DATA));
      }
    }
  }

  private static String lenientMap(String uri, java.util.function.UnaryOperator<String> strict) {
    try {
      return strict.apply(uri);
    } catch (GatewayException e) {
      return uri;
    }
  }

  /** Percent-encodes a path: everything but unreserved characters and {@code /}. */
  static String encodePath(String path) {
    StringBuilder out = new StringBuilder(path.length() + 16);
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || c == '/') {
        out.append((char) c);
      } else {
        out.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  private static String decode(String text, String uri) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
        int lo = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw new GatewayException(
              ErrorCode.PATH_OUTSIDE_WORKSPACE, "malformed URI: " + abbreviate(uri));
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
          encoded = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        bytes.writeBytes(encoded);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new GatewayException(
          ErrorCode.PATH_OUTSIDE_WORKSPACE, "malformed URI: " + abbreviate(uri));
    }
  }

  private static int indexOfAny(String text, char a, char b) {
    int i = text.indexOf(a);
    int j = text.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }

  private static String abbreviate(String text) {
    if (text == null) {
      return "(none)";
    }
    return text.length() > 120 ? text.substring(0, 120) + "…" : text;
  }
}
