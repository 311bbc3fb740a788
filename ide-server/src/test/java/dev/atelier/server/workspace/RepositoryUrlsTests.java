package dev.atelier.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepositoryUrlsTests {

  private final RepositoryUrls urls = new RepositoryUrls(List.of("https", "http", "ssh", "git"));

  @Test
  void acceptsCommonGitUrls() {
    assertThat(urls.normalize(" https://example.com/owner/repo.git "))
        .isEqualTo("https://example.com/owner/repo.git");
    assertThat(urls.normalize("git@example.com:owner/repo.git"))
        .isEqualTo("git@example.com:owner/repo.git");
    assertThat(urls.normalize("ssh://git@example.com/owner/repo")).isNotNull();
    assertThat(urls.normalize(null)).isNull();
    assertThat(urls.normalize("  ")).isNull();
  }

  @Test
  void refusesFileUrlsUnlessAllowed() {
    assertThatThrownBy(() -> urls.normalize("file:///etc/secret-repo"))
        .isInstanceOf(AtelierException.class)
        .hasMessageContaining("scheme 'file' is not allowed")
        .extracting(e -> ((AtelierException) e).code())
        .isEqualTo(ErrorCode.INVALID_REPOSITORY);
    assertThat(new RepositoryUrls(List.of("file")).normalize("file:///srv/repo.git"))
        .isEqualTo("file:///srv/repo.git");
  }

  @Test
  void refusesCredentialsSpacesMissingHostsAndPaths() {
    assertThatThrownBy(() -> urls.normalize("https://me:secret@example.com/o/r.git"))
        .hasMessageContaining("password or token");
    assertThatThrownBy(() -> urls.normalize("https://example.com/o r.git"))
        .hasMessageContaining("without spaces");
    assertThatThrownBy(() -> urls.normalize("https:///o/r.git")).hasMessageContaining("no host");
    assertThatThrownBy(() -> urls.normalize("https://example.com")).hasMessageContaining("path");
    assertThatThrownBy(() -> urls.normalize("example.com/o/r")).hasMessageContaining("no scheme");
    assertThatThrownBy(() -> new RepositoryUrls(List.of("https")).normalize("git@h:o/r.git"))
        .hasMessageContaining("SSH repositories are not allowed");
  }

  @Test
  void lastSegmentNamesTheRepository() {
    assertThat(RepositoryUrls.lastSegment("https://example.com/owner/hello-world.git"))
        .isEqualTo("hello-world");
    assertThat(RepositoryUrls.lastSegment("git@example.com:owner/repo.git")).isEqualTo("repo");
    assertThat(RepositoryUrls.lastSegment("https://example.com/owner/app/")).isEqualTo("app");
  }
}
