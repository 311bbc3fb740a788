package dev.atelier.server.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.mock.web.MockHttpServletRequest;

class PreviewHostsTests {

  private static PreviewProperties properties(String url, String ideUrl) {
    return new PreviewProperties(url, ideUrl, Duration.ofSeconds(60), Duration.ofHours(1));
  }

  private static PreviewHosts hosts(String url) {
    return new PreviewHosts(properties(url, ""), new ServerProperties());
  }

  @Test
  void theDefaultNamesPortAndWorkspaceUnderLocalhost() {
    PreviewHosts hosts = hosts("http://{port}-{workspace}.localhost");
    assertThat(hosts.parse("8000-amber-otter-k3x9.localhost:8080"))
        .contains(new PreviewHosts.Address("amber-otter-k3x9", 8000));
    assertThat(hosts.parse("8000-Amber-Otter-K3x9.LOCALHOST.")).isPresent();
    assertThat(hosts.parse("localhost:8080")).isEmpty();
    assertThat(hosts.parse("99999-ws.localhost")).isEmpty();
    assertThat(hosts.parse("8000-ws-.localhost")).isEmpty();
    assertThat(hosts.parse("x.8000-ws.localhost")).isEmpty();
    assertThat(hosts.parse(null)).isEmpty();
    assertThat(hosts.inZone("x.8000-ws.localhost")).isTrue();
    assertThat(hosts.inZone("localhost:8080")).isFalse();
    assertThat(hosts.inZone("evil-localhost")).isFalse();
    assertThat(hosts.isPreviewOrigin("http://8000-ws.localhost:8080")).isTrue();
    assertThat(hosts.isPreviewOrigin("http://localhost:8080")).isFalse();
    assertThat(hosts.isPreviewOrigin("null")).isFalse();
    PreviewHosts.Address address = new PreviewHosts.Address("ws", 3000);
    assertThat(hosts.origin(address, "localhost:8080")).isEqualTo("http://3000-ws.localhost:8080");
    assertThat(hosts.origin(address, "localhost")).isEqualTo("http://3000-ws.localhost");
    MockHttpServletRequest request = new MockHttpServletRequest();
    request.addHeader("Host", "3000-ws.localhost:8080");
    assertThat(hosts.ideUrl(request)).isEqualTo("http://localhost:8080");
    assertThat(hosts.secure()).isFalse();
  }

  @Test
  void aWildcardDomainWithItsOwnPortAndIdeAddress() {
    PreviewHosts hosts =
        new PreviewHosts(
            properties(
                "https://{workspace}--{port}.preview.example.com:8443/",
                "https://ide.example.com/"),
            new ServerProperties());
    assertThat(hosts.parse("amber-otter-k3x9--5173.preview.example.com"))
        .contains(new PreviewHosts.Address("amber-otter-k3x9", 5173));
    assertThat(hosts.origin(new PreviewHosts.Address("ws", 80), "ide.example.com"))
        .isEqualTo("https://ws--80.preview.example.com:8443");
    assertThat(hosts.ideUrl(new MockHttpServletRequest())).isEqualTo("https://ide.example.com");
    assertThat(hosts.inZone("ide.example.com")).isFalse();
    assertThat(hosts.secure()).isTrue();
  }

  @Test
  void unusableSettingsStopTheServerWithAReason() {
    for (String url :
        List.of(
            "{port}-{workspace}.localhost",
            "ftp://{port}-{workspace}.localhost",
            "http://{port}.localhost",
            "http://{port}-{workspace}-{port}.localhost",
            "http://{port}-{workspace}",
            "http://{port}-{workspace}.localhost/path",
            "http://{port}-{host}-{workspace}.localhost")) {
      assertThatThrownBy(() -> hosts(url))
          .as(url)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("atelier.preview.url");
    }
    assertThatThrownBy(
            () ->
                new PreviewHosts(
                    properties("http://{port}-{workspace}.localhost", "http://ide.localhost"),
                    new ServerProperties()))
        .hasMessageContaining("inside the preview zone");
    ServerProperties server = new ServerProperties();
    server.getServlet().getSession().getCookie().setDomain("example.com");
    assertThatThrownBy(
            () ->
                new PreviewHosts(
                    properties("https://{port}-{workspace}.preview.example.com", ""), server))
        .hasMessageContaining("session cookie");
    assertThatThrownBy(
            () ->
                new PreviewProperties(
                    "http://{port}-{workspace}.localhost",
                    "",
                    Duration.ofHours(1),
                    Duration.ofHours(1)))
        .hasMessageContaining("ticket-ttl");
  }

  @Test
  void redirectsAfterTheTicketStayOnThePreviewHost() {
    assertThat(PreviewHostFilter.localPath("//evil.example/x")).isEqualTo("/evil.example/x");
    assertThat(PreviewHostFilter.localPath("/\\evil.example")).isEqualTo("/evil.example");
    assertThat(PreviewHostFilter.localPath("https://evil.example")).isEqualTo("/");
    assertThat(PreviewHostFilter.localPath("/a/b?c=d")).isEqualTo("/a/b?c=d");
    assertThat(PreviewHostFilter.localPath("")).isEqualTo("/");
  }
}
