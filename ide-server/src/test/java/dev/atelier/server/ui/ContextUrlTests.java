package dev.atelier.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContextUrlTests {

  @Test
  void httpsFragmentNamesARepository() {
    assertThat(ContextUrl.repository("#/https://example.org/owner/repo.git"))
        .contains("https://example.org/owner/repo.git");
  }

  @Test
  void fileSshAndScpStyleUrlsAreRepositoriesToo() {
    assertThat(ContextUrl.repository("#/file:///tmp/repo.git")).contains("file:///tmp/repo.git");
    assertThat(ContextUrl.repository("#/ssh://git@host/repo")).contains("ssh://git@host/repo");
    assertThat(ContextUrl.repository("#/git@github.com:owner/repo.git"))
        .contains("git@github.com:owner/repo.git");
  }

  @Test
  void otherFragmentsAreNotContextUrls() {
    assertThat(ContextUrl.repository(null)).isEmpty();
    assertThat(ContextUrl.repository("")).isEmpty();
    assertThat(ContextUrl.repository("#section")).isEmpty();
    assertThat(ContextUrl.repository("#/")).isEmpty();
    assertThat(ContextUrl.repository("#/just some words")).isEmpty();
    assertThat(ContextUrl.repository("#/javascript:alert(1)")).isEmpty();
  }

  @Test
  void newWorkspaceLocationEncodesTheRepository() {
    assertThat(ContextUrl.newWorkspaceLocation("https://h/o/r?x=1&y=2"))
        .isEqualTo("new?repository=https%3A%2F%2Fh%2Fo%2Fr%3Fx%3D1%26y%3D2");
  }
}
