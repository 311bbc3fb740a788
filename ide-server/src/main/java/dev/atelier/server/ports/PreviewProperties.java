package dev.atelier.server.ports;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Port previews ({@code atelier.preview.*}): previews are served from their own host names, never
 * from the IDE's origin, so that a previewed page can neither read nor use the viewer's Atelier
 * session.
 *
 * @param url where previews are served: a scheme and a host name containing {@code {port}} and
 *     {@code {workspace}} (and optionally {@code :port}), e.g. {@code
 *     https://{port}-{workspace}.preview.example.com} with a wildcard DNS record and a wildcard TLS
 *     certificate for {@code *.preview.example.com}. The default {@code
 *     http://{port}-{workspace}.localhost} needs nothing on one machine (browsers resolve {@code
 *     *.localhost} to the loopback address); without a port in the URL, previews use the port the
 *     IDE was reached on. Every host name under the part after the placeholders ({@code .localhost}
 *     by default) belongs to previews: the IDE must not be served from one.
 * @param ideUrl where a browser without a valid preview credential is sent to get one (the IDE's
 *     address, e.g. {@code https://ide.example.com}); empty means the preview host name without its
 *     {@code {port}-{workspace}.} part, with the same scheme and port ({@code
 *     http://localhost:8080} for the default)
 * @param ticketTtl how long the one-time ticket that the IDE hands to the preview host is valid
 * @param sessionTtl how long the preview cookie that a ticket is exchanged for is valid; the
 *     viewer's role is still checked on every request, so revocation cuts access at once
 */
@ConfigurationProperties("atelier.preview")
public record PreviewProperties(
    @DefaultValue("http://{port}-{workspace}.localhost") String url,
    @DefaultValue("") String ideUrl,
    @DefaultValue("60s") Duration ticketTtl,
    @DefaultValue("1h") Duration sessionTtl) {

  public PreviewProperties {
    if (ticketTtl.isNegative()
        || ticketTtl.isZero()
        || ticketTtl.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException(
          "atelier.preview.ticket-ttl must be between 1s and 10m, e.g. 60s");
    }
    if (sessionTtl.compareTo(Duration.ofMinutes(1)) < 0
        || sessionTtl.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException(
          "atelier.preview.session-ttl must be between 1m and 1d, e.g. 1h");
    }
    ideUrl = ideUrl == null ? "" : ideUrl.strip();
  }
}
