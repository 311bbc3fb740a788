package dev.atelier.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.testsupport.IntegrationTestSupport;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Guessing passwords, API tokens and share-link secrets, from one address and from many. The test
 * client is the trusted proxy here, so {@code X-Forwarded-For} stands for the client address, as it
 * would behind a real reverse proxy.
 */
@TestPropertySource(
    properties = {
      "atelier.web.trusted-proxies=127.0.0.1,::1",
      "atelier.throttle.secret-free-failures=10"
    })
class ThrottleIntegrationTests extends IntegrationTestSupport {

  private static final Pattern CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

  record Attempt(int status, String location, String cookie, long nanos) {
    boolean signedIn() {
      return status == 302 && !location.contains("error");
    }
  }

  @Test
  void thirtyWrongPasswordsAreThrottledButTheOwnerStillGetsInFromElsewhere() {
    TestUser user = newUser("victim");
    String name = user.account().username();
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      statuses.add(attempt(name, "wrong-" + i, "203.0.113.7").status());
    }
    assertThat(statuses.subList(0, 5)).allMatch(s -> s == 302);
    assertThat(statuses.stream().filter(s -> s == 429).count()).isGreaterThanOrEqualTo(20);
    // the right password from the same address is not even checked while throttled
    Attempt blocked = attempt(name, "password-of-" + name, "203.0.113.7");
    assertThat(blocked.status()).isEqualTo(429);
    // ... but from another address it works at once: no lock an attacker could impose
    Attempt owner = attempt(name, "password-of-" + name, "198.51.100.20");
    assertThat(owner.signedIn()).as("owner signs in from another address").isTrue();
    assertThat(json(getWithCookie("/api/me", owner.cookie())).path("username").asText())
        .isEqualTo(name);

    // All of it is in the audit log, for admins only.
    JsonNode log = json(get("/api/users/sign-ins?limit=100", ADMIN_TOKEN));
    List<String> mine = new ArrayList<>();
    for (JsonNode event : log) {
      if (event.path("username").asText().equals(name)) {
        mine.add(event.path("outcome").asText() + "@" + event.path("address").asText());
        assertThat(event.path("at").asText()).isNotBlank();
        assertThat(event.path("userId").asText()).isEqualTo(user.account().id());
      }
    }
    assertThat(mine)
        .contains("SUCCESS@198.51.100.20", "FAILURE@203.0.113.7", "THROTTLED@203.0.113.7");
    assertThat(get("/api/users/sign-ins", user.token()).statusCode()).isEqualTo(403);
  }

  @Test
  void guessingAcrossAccountsFromOneAddressIsThrottledToo() {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      statuses.add(attempt("nobody-" + i, "guess", "203.0.113.99").status());
    }
    assertThat(statuses.subList(0, 31)).allMatch(s -> s == 302);
    assertThat(statuses.get(31)).isEqualTo(429);
  }

  @Test
  void unknownAndKnownNamesTakeTheSameTime() {
    TestUser user = newUser("timing");
    String known = user.account().username();
    List<Long> knownNanos = new ArrayList<>();
    List<Long> unknownNanos = new ArrayList<>();
    // warm-up, then interleaved; every attempt from its own address so none is throttled
    for (int i = 0; i < 5; i++) {
      attempt(known, "wrong", "192.0.2." + (200 + i));
      attempt("ghost-" + UUID.randomUUID(), "wrong", "192.0.2." + (210 + i));
    }
    for (int i = 0; i < 41; i++) {
      Attempt k = attempt(known, "wrong-" + i, "10.20." + i + ".1");
      Attempt u = attempt("ghost-" + i + "-" + UUID.randomUUID(), "wrong", "10.21." + i + ".1");
      assertThat(k.status()).isEqualTo(302);
      assertThat(u.status()).isEqualTo(302);
      knownNanos.add(k.nanos());
      unknownNanos.add(u.nanos());
    }
    double knownMs = median(knownNanos) / 1e6;
    double unknownMs = median(unknownNanos) / 1e6;
    System.out.printf(
        "sign-in failure median: known %.1f ms, unknown %.1f ms%n", knownMs, unknownMs);
    assertThat(Math.abs(knownMs - unknownMs))
        .as("known %.1f ms vs unknown %.1f ms", knownMs, unknownMs)
        .isLessThan(5.0);
  }

  @Test
  void invalidApiTokensAreThrottledPerAddress() {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      statuses.add(withAddress("/api/me", "atl_guess-" + i, "203.0.113.50").statusCode());
    }
    assertThat(statuses.subList(0, 10)).allMatch(s -> s == 401);
    HttpResponse<String> throttled = withAddress("/api/me", "atl_guess-x", "203.0.113.50");
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
    assertThat(json(throttled).path("code").asText()).isEqualTo("TOO_MANY_ATTEMPTS");
    // another address with a valid token is unaffected
    assertThat(withAddress("/api/me", ADMIN_TOKEN, "198.51.100.21").statusCode()).isEqualTo(200);
  }

  @Test
  void unknownShareSecretsAreThrottledPerUser() {
    TestUser guest = newUser("guesser");
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      statuses.add(
          sendRequest(
                  HttpRequest.newBuilder(uri("/api/shares/secret-guess-" + i + "/accept"))
                      .header("Authorization", "Bearer " + guest.token())
                      .header("X-Forwarded-For", "203.0.113.60")
                      .POST(HttpRequest.BodyPublishers.noBody()))
              .statusCode());
    }
    assertThat(statuses.subList(0, 10)).allMatch(s -> s == 404);
    assertThat(statuses.subList(11, 13)).allMatch(s -> s == 429);
  }

  @Test
  void sessionCookieIsSecureWhenTheTrustedProxySaysHttps() {
    HttpResponse<String> viaTls =
        sendRequest(
            HttpRequest.newBuilder(uri("/login")).header("X-Forwarded-Proto", "https").GET());
    assertThat(setCookie(viaTls)).containsIgnoringCase("Secure").containsIgnoringCase("HttpOnly");
    HttpResponse<String> plain = sendRequest(HttpRequest.newBuilder(uri("/login")).GET());
    assertThat(setCookie(plain)).doesNotContainIgnoringCase("secure");
  }

  private HttpResponse<String> withAddress(String path, String token, String address) {
    return sendRequest(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + token)
            .header("X-Forwarded-For", address)
            .GET());
  }

  /** One sign-in through the login page like a browser, from {@code address}. */
  private Attempt attempt(String username, String password, String address) {
    HttpResponse<String> page =
        sendRequest(HttpRequest.newBuilder(uri("/login")).header("X-Forwarded-For", address).GET());
    String cookie = cookie(page);
    Matcher csrf = CSRF.matcher(page.body());
    assertThat(csrf.find()).as("the login page carries the CSRF token").isTrue();
    String form =
        "username="
            + URLEncoder.encode(username, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8)
            + "&_csrf="
            + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
    long start = System.nanoTime();
    HttpResponse<String> response =
        sendRequest(
            HttpRequest.newBuilder(uri("/login"))
                .header("Cookie", cookie)
                .header("X-Forwarded-For", address)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    long nanos = System.nanoTime() - start;
    String renewed = cookie(response);
    return new Attempt(
        response.statusCode(),
        response.headers().firstValue("Location").orElse(""),
        renewed != null ? renewed : cookie,
        nanos);
  }

  private static String cookie(HttpResponse<String> response) {
    String header = setCookieOrNull(response);
    return header == null ? null : header.substring(0, header.indexOf(';'));
  }

  private static String setCookie(HttpResponse<String> response) {
    String header = setCookieOrNull(response);
    assertThat(header).as("session cookie").isNotNull();
    return header;
  }

  private static String setCookieOrNull(HttpResponse<String> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("JSESSIONID="))
        .findFirst()
        .orElse(null);
  }

  private static double median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
