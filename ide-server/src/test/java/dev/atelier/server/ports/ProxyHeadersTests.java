package dev.atelier.server.ports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ProxyHeadersTests {

  private static final String PREFIX = "/w/ws-1/port/8000";

  @Test
  void credentialsAndHopByHopHeadersStayHere() {
    assertThat(ProxyHeaders.forwardRequest("Authorization")).isFalse();
    assertThat(ProxyHeaders.forwardRequest("Cookie")).isFalse();
    assertThat(ProxyHeaders.forwardRequest("Connection")).isFalse();
    assertThat(ProxyHeaders.forwardRequest("X-Forwarded-For")).isFalse();
    assertThat(ProxyHeaders.forwardRequest("Accept")).isTrue();
    MockHttpServletRequest request = new MockHttpServletRequest();
    request.addHeader("Cookie", "JSESSIONID=secret; theme=dark");
    request.addHeader("Cookie", "other=1");
    request.addHeader("Cookie", "atelier_preview=signed");
    assertThat(ProxyHeaders.cookiesWithout(request, "JSESSIONID")).isEqualTo("theme=dark; other=1");
  }

  @Test
  void theForwardedForIsWhatTheServerDeterminedNeverWhatTheClientSays() {
    MockHttpServletRequest request = new MockHttpServletRequest();
    request.setRemoteAddr("192.0.2.7");
    request.addHeader("Host", "8000-ws.localhost:8080");
    request.addHeader("X-Forwarded-For", "203.0.113.66");
    assertThat(ProxyHeaders.forwarded(request, ""))
        .extracting(h -> h[0] + ": " + h[1])
        .containsExactly(
            "X-Forwarded-Host: 8000-ws.localhost:8080",
            "X-Forwarded-Proto: http",
            "X-Forwarded-Port: 8080",
            "X-Forwarded-For: 192.0.2.7");
    request.setAttribute(ProxyHeaders.FORWARDED_FOR, "203.0.113.66, 192.0.2.7");
    assertThat(ProxyHeaders.forwarded(request, PREFIX))
        .extracting(h -> h[0] + ": " + h[1])
        .contains("X-Forwarded-For: 203.0.113.66, 192.0.2.7", "X-Forwarded-Prefix: " + PREFIX);
  }

  @Test
  void thePreviewForwardsTheAddressTheServerDeterminedNotTheClientsHeader() {
    PreviewHostFilter filter = new PreviewHostFilter(null, null, null, null, null, null);
    MockHttpServletRequest request = new MockHttpServletRequest();
    request.setRemoteAddr("192.0.2.7");
    request.addHeader("X-Forwarded-For", "203.0.113.66");
    assertThat(filter.forwardedFor(request)).isEqualTo("192.0.2.7");
  }

  @Test
  void redirectsStayUnderThePrefix() {
    assertThat(ProxyHeaders.rewriteLocation("/next", PREFIX, "127.0.0.1:8000"))
        .isEqualTo(PREFIX + "/next");
    assertThat(ProxyHeaders.rewriteLocation("http://127.0.0.1:8000/a?b", PREFIX, "127.0.0.1:8000"))
        .isEqualTo(PREFIX + "/a?b");
    assertThat(ProxyHeaders.rewriteLocation("https://example.com/x", PREFIX, "127.0.0.1:8000"))
        .isEqualTo("https://example.com/x");
    assertThat(ProxyHeaders.rewriteLocation("relative", PREFIX, "127.0.0.1:8000"))
        .isEqualTo("relative");
  }

  @Test
  void cookiesCannotReplaceTheSessionNorLeaveThePreview() {
    assertThat(ProxyHeaders.rewriteSetCookie("JSESSIONID=x; Path=/", PREFIX, "JSESSIONID"))
        .isNull();
    assertThat(ProxyHeaders.rewriteSetCookie("atelier_preview=x; Path=/", "", "JSESSIONID"))
        .isNull();
    assertThat(ProxyHeaders.rewriteSetCookie("a=1; Domain=localhost", "", "JSESSIONID"))
        .isEqualTo("a=1; Path=/");
    assertThat(
            ProxyHeaders.rewriteSetCookie(
                "a=1; Path=/app; Domain=evil; HttpOnly", PREFIX, "JSESSIONID"))
        .isEqualTo("a=1; Path=" + PREFIX + "/app; HttpOnly");
    assertThat(ProxyHeaders.rewriteSetCookie("a=1", PREFIX, "JSESSIONID"))
        .isEqualTo("a=1; Path=" + PREFIX + "/");
  }

  @Test
  void restIsTheRawPathAfterThePort() {
    assertThat(PreviewProxyController.rest("/w/ws-1/port/8000/a%20b/c")).isEqualTo("/a%20b/c");
    assertThat(PreviewProxyController.rest("/w/ws-1/port/8000")).isEmpty();
  }
}
