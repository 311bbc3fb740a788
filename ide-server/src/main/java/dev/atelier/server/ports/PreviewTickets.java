package dev.atelier.server.ports;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The preview credentials, signed with a key that lives only in this server process (HMAC-SHA256):
 *
 * <ul>
 *   <li>a <em>ticket</em> the IDE issues to a viewer with READ for one port of one workspace, valid
 *       for {@code atelier.preview.ticket-ttl} and redeemable once;
 *   <li>the <em>preview cookie</em> the preview host sets in exchange, valid for {@code
 *       atelier.preview.session-ttl} and only for that port of that workspace.
 * </ul>
 *
 * Neither grants anything by itself: the viewer's role is checked again on every request. A
 * restarted server no longer accepts either; the browser simply fetches a new ticket.
 */
@Component
class PreviewTickets {

  private static final String TICKET = "t";
  private static final String COOKIE = "c";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Instant> redeemed = new ConcurrentHashMap<>();
  private final Duration ticketTtl;
  private final Duration sessionTtl;
  private final Clock clock;

  @Autowired
  PreviewTickets(PreviewProperties properties) {
    this(properties, Clock.systemUTC());
  }

  PreviewTickets(PreviewProperties properties, Clock clock) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    this.key = new SecretKeySpec(secret, "HmacSHA256");
    this.ticketTtl = properties.ticketTtl();
    this.sessionTtl = properties.sessionTtl();
    this.clock = clock;
  }

  /** What a valid ticket grants: who, which preview, and where to go there. */
  record Ticket(String userId, PreviewHosts.Address address, String path) {}

  /** What a valid preview cookie says: who looks at which preview. */
  record Grant(String userId, PreviewHosts.Address address) {}

  Duration sessionTtl() {
    return sessionTtl;
  }

  /** A one-time ticket for {@code path} (raw path and query) of a preview. */
  String issue(String userId, PreviewHosts.Address address, String path) {
    return issue(userId, address, path, clock.instant().plus(ticketTtl));
  }

  String issue(String userId, PreviewHosts.Address address, String path, Instant expires) {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    return sign(
        TICKET,
        B64.encodeToString(nonce),
        userId,
        address.workspaceId(),
        Integer.toString(address.port()),
        Long.toString(expires.getEpochSecond()),
        path);
  }

  /**
   * The ticket, if it is genuine, unexpired, not used before and for {@code address}; it counts as
   * used from now on.
   */
  Optional<Ticket> redeem(String ticket, PreviewHosts.Address address) {
    Optional<String[]> fields = verify(ticket, TICKET, 7);
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    String[] f = fields.get();
    Instant expires = Instant.ofEpochSecond(Long.parseLong(f[5]));
    if (!matches(f[3], f[4], address) || !expires.isAfter(clock.instant())) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    redeemed.values().removeIf(e -> !e.isAfter(now));
    if (redeemed.putIfAbsent(f[1], expires) != null) {
      return Optional.empty();
    }
    return Optional.of(new Ticket(f[2], address, f[6]));
  }

  /** The value of a preview cookie for the viewer of a preview. */
  String cookie(String userId, PreviewHosts.Address address) {
    return sign(
        COOKIE,
        userId,
        address.workspaceId(),
        Integer.toString(address.port()),
        Long.toString(clock.instant().plus(sessionTtl).getEpochSecond()));
  }

  /** The grant of a cookie value, if it is genuine, unexpired and for {@code address}. */
  Optional<Grant> grant(String cookie, PreviewHosts.Address address) {
    Optional<String[]> fields = verify(cookie, COOKIE, 5);
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    String[] f = fields.get();
    if (!matches(f[2], f[3], address)
        || !Instant.ofEpochSecond(Long.parseLong(f[4])).isAfter(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(new Grant(f[1], address));
  }

  private static boolean matches(String workspaceId, String port, PreviewHosts.Address address) {
    return workspaceId.equals(address.workspaceId())
        && port.equals(Integer.toString(address.port()));
  }

  private String sign(String... fields) {
    StringBuilder payload = new StringBuilder();
    for (String field : fields) {
      if (!payload.isEmpty()) {
        payload.append('\n');
      }
      payload.append(field);
    }
    byte[] bytes = payload.toString().getBytes(StandardCharsets.UTF_8);
    return B64.encodeToString(bytes) + "." + B64.encodeToString(mac(bytes));
  }

  /** The fields of a genuine value of {@code kind}, or empty. */
  private Optional<String[]> verify(String value, String kind, int count) {
    if (value == null || value.length() > 8192) {
      return Optional.empty();
    }
    int dot = value.indexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    byte[] payload;
    byte[] signature;
    try {
      payload = B64D.decode(value.substring(0, dot));
      signature = B64D.decode(value.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!MessageDigest.isEqual(mac(payload), signature)) {
      return Optional.empty();
    }
    String[] fields = new String(payload, StandardCharsets.UTF_8).split("\n", count);
    if (fields.length != count || !fields[0].equals(kind)) {
      return Optional.empty();
    }
    return Optional.of(fields);
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
