package dev.atelier.server.ports;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.stereotype.Component;

/**
 * The preview host names of {@code atelier.preview.url}: which workspace port a {@code Host} names,
 * whether a host belongs to the preview zone at all, the origin of a preview and the IDE's address
 * seen from a preview.
 */
@Component
class PreviewHosts {

  private static final String PORT = "{port}";
  private static final String WORKSPACE = "{workspace}";
  private static final Pattern HOST_TEMPLATE = Pattern.compile("[a-z0-9.{}-]+");

  private final String scheme;
  private final String hostTemplate;
  private final Integer fixedPort;
  private final Pattern pattern;
  private final boolean portFirst;
  private final String zone;
  private final String ideUrl;

  PreviewHosts(PreviewProperties properties, ServerProperties server) {
    String url = properties.url().strip().toLowerCase(Locale.ROOT);
    int schemeEnd = url.indexOf("://");
    if (schemeEnd < 0) {
      throw invalid(url, "it needs a scheme");
    }
    scheme = url.substring(0, schemeEnd);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw invalid(url, "the scheme must be http or https");
    }
    String authority = url.substring(schemeEnd + 3);
    if (authority.endsWith("/")) {
      authority = authority.substring(0, authority.length() - 1);
    }
    Matcher withPort = Pattern.compile("(.*):([0-9]{1,5})").matcher(authority);
    if (withPort.matches()) {
      hostTemplate = withPort.group(1);
      fixedPort = Integer.valueOf(withPort.group(2));
    } else {
      hostTemplate = authority;
      fixedPort = null;
    }
    if (!HOST_TEMPLATE.matcher(hostTemplate).matches()
        || count(hostTemplate, PORT) != 1
        || count(hostTemplate, WORKSPACE) != 1
        || hostTemplate.replace(PORT, "").replace(WORKSPACE, "").contains("{")
        || hostTemplate.replace(PORT, "").replace(WORKSPACE, "").contains("}")) {
      throw invalid(
          url,
          "it must be a host name with {port} and {workspace} once each and nothing after it"
              + " but an optional :port");
    }
    int lastPlaceholder =
        Math.max(
            hostTemplate.indexOf(PORT) + PORT.length(),
            hostTemplate.indexOf(WORKSPACE) + WORKSPACE.length());
    int dot = hostTemplate.indexOf('.', lastPlaceholder);
    if (dot < 0 || dot == hostTemplate.length() - 1) {
      throw invalid(
          url, "the placeholders need a domain after them, e.g. {port}-{workspace}.localhost");
    }
    zone = hostTemplate.substring(dot);
    portFirst = hostTemplate.indexOf(PORT) < hostTemplate.indexOf(WORKSPACE);
    pattern =
        Pattern.compile(
            Pattern.quote(hostTemplate)
                .replace(PORT, "\\E([0-9]{1,5})\\Q")
                .replace(WORKSPACE, "\\E([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\\Q"));
    String ide = properties.ideUrl();
    if (!ide.isEmpty()) {
      URI uri;
      try {
        uri = URI.create(ide);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "atelier.preview.ide-url '" + ide + "' is not a URL, e.g. https://ide.example.com");
      }
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "atelier.preview.ide-url '"
                + ide
                + "' needs a scheme and host, e.g. https://ide.example.com");
      }
      if (inZone(uri.getHost())) {
        throw new IllegalArgumentException(
            "atelier.preview.ide-url '" + ide + "' lies inside the preview zone '" + zone + "'");
      }
      ide = ide.endsWith("/") ? ide.substring(0, ide.length() - 1) : ide;
    }
    ideUrl = ide;
    String cookieDomain = server.getServlet().getSession().getCookie().getDomain();
    if (cookieDomain != null && !cookieDomain.isBlank()) {
      String domain = "." + cookieDomain.strip().toLowerCase(Locale.ROOT).replaceFirst("^\\.", "");
      if (zone.endsWith(domain)) {
        throw new IllegalArgumentException(
            "server.servlet.session.cookie.domain="
                + cookieDomain
                + " would send the Atelier session cookie to every preview under "
                + zone
                + ": remove it (a host-only cookie is right) or move previews to another domain");
      }
    }
  }

  private static IllegalArgumentException invalid(String url, String why) {
    return new IllegalArgumentException(
        "atelier.preview.url '"
            + url
            + "' is not usable: "
            + why
            + " (e.g. https://{port}-{workspace}.preview.example.com)");
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  /** A preview: a port of a workspace. */
  record Address(String workspaceId, int port) {}

  /** The preview a {@code Host} header names, if any. */
  Optional<Address> parse(String host) {
    String name = hostName(host);
    if (name == null) {
      return Optional.empty();
    }
    Matcher matcher = pattern.matcher(name);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    int port = Integer.parseInt(matcher.group(portFirst ? 1 : 2));
    if (port < 1 || port > 65535) {
      return Optional.empty();
    }
    return Optional.of(new Address(matcher.group(portFirst ? 2 : 1), port));
  }

  /** Whether a host name lies in the preview zone (where the IDE never answers). */
  boolean inZone(String host) {
    String name = hostName(host);
    return name != null && name.endsWith(zone);
  }

  /** Whether an {@code Origin} (or other URL) names a host in the preview zone. */
  boolean isPreviewOrigin(String origin) {
    if (origin == null || origin.isBlank() || origin.equals("null")) {
      return false;
    }
    try {
      String host = URI.create(origin.strip()).getHost();
      return host != null && inZone(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The origin of a preview ({@code scheme://host[:port]}), for a redirect from the IDE: without a
   * port in {@code atelier.preview.url}, the port of {@code ideHost} (the IDE's {@code Host}).
   */
  String origin(Address address, String ideHost) {
    String host =
        hostTemplate
            .replace(PORT, Integer.toString(address.port()))
            .replace(WORKSPACE, address.workspaceId());
    Integer port = fixedPort != null ? fixedPort : portOf(ideHost);
    return scheme + "://" + host + (port == null ? "" : ":" + port);
  }

  boolean secure() {
    return scheme.equals("https");
  }

  /** Where a preview sends a browser for a ticket: the configured IDE, or the derived one. */
  String ideUrl(HttpServletRequest previewRequest) {
    if (!ideUrl.isEmpty()) {
      return ideUrl;
    }
    Integer port = portOf(previewRequest.getHeader("Host"));
    return scheme + "://" + zone.substring(1) + (port == null ? "" : ":" + port);
  }

  /** The lower-case host name of a {@code Host} header (without port), or null when malformed. */
  static String hostName(String host) {
    if (host == null || host.isBlank()) {
      return null;
    }
    String name = host.strip().toLowerCase(Locale.ROOT);
    if (name.startsWith("[")) {
      return name; // an IPv6 literal is never a preview
    }
    int colon = name.indexOf(':');
    if (colon >= 0) {
      name = name.substring(0, colon);
    }
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    return name;
  }

  private static Integer portOf(String host) {
    if (host == null || host.startsWith("[")) {
      int bracket = host == null ? -1 : host.indexOf("]:");
      return bracket < 0 ? null : parsePort(host.substring(bracket + 2));
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 ? null : parsePort(host.substring(colon + 1));
  }

  private static Integer parsePort(String text) {
    try {
      int port = Integer.parseInt(text.strip());
      return port >= 1 && port <= 65535 ? port : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
