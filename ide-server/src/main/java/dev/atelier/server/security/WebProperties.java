package dev.atelier.server.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * How the server sees its clients ({@code atelier.web.*}).
 *
 * @param trustedProxies addresses or CIDR ranges ({@code 10.0.0.5}, {@code 10.0.0.0/8}, {@code
 *     ::1}) of the reverse proxies in front of the server. Only a request whose socket peer is one
 *     of them has its {@code Forwarded} / {@code X-Forwarded-Proto}, {@code -Host}, {@code -Port},
 *     {@code -Prefix} and {@code -For} headers applied (scheme, host, client address); from anyone
 *     else these headers are removed before the request is handled. Empty by default: the socket
 *     peer is the client, and only a direct TLS connection counts as HTTPS.
 */
@ConfigurationProperties("atelier.web")
public record WebProperties(@DefaultValue({}) List<String> trustedProxies) {

  public WebProperties {
    trustedProxies = List.copyOf(trustedProxies);
    for (String proxy : trustedProxies) {
      try {
        new IpAddressMatcher(proxy.strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "atelier.web.trusted-proxies: '"
                + proxy
                + "' is not an IP address or CIDR range (e.g. 10.0.0.5 or 10.0.0.0/8)",
            e);
      }
    }
  }

  /** Whether the socket peer {@code address} is a trusted proxy. */
  boolean trusts(String address) {
    if (address == null || trustedProxies.isEmpty()) {
      return false;
    }
    for (String proxy : trustedProxies) {
      if (new IpAddressMatcher(proxy.strip()).matches(address)) {
        return true;
      }
    }
    return false;
  }
}
