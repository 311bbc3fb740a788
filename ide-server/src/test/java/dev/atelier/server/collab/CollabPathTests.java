package dev.atelier.server.collab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CollabPathTests {

  @Test
  void documentPathsAreDecodedPerSegment() throws Exception {
    CollabPath p = CollabPath.parse(URI.create("ws://h/collab/ws1/src/My%20File+1.txt?token=x"));
    assertThat(p.workspaceId()).isEqualTo("ws1");
    assertThat(p.path()).isEqualTo("src/My File+1.txt");
    assertThat(p.presence()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ws://h/collab/ws1", "ws://h/collab/ws1/"})
  void workspaceAloneIsThePresenceRoom(String uri) throws Exception {
    CollabPath p = CollabPath.parse(URI.create(uri));
    assertThat(p.presence()).isTrue();
    assertThat(p.workspaceId()).isEqualTo("ws1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ws://h/collab/ws1/../etc/passwd",
        "ws://h/collab/ws1/a/%2e%2e/b",
        "ws://h/collab/ws1/./a",
        "ws://h/collab/ws1//etc/passwd",
        "ws://h/collab/ws1/a%2Fb",
        "ws://h/collab/ws1/a%5Cb",
        "ws://h/collab/ws1/a%00b",
        "ws://h/collab/ws1/a%0Ab",
        "ws://h/collab/ws1/a/",
        "ws://h/collab/",
        "ws://h/other/ws1/a"
      })
  void hostilePathsAreRefusedWithAReason(String uri) {
    assertThatThrownBy(() -> CollabPath.parse(URI.create(uri)))
        .isInstanceOf(CollabPath.InvalidPath.class)
        .hasMessageMatching(".{10,}");
  }
}
