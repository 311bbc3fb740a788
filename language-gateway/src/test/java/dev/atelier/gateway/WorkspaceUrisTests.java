package dev.atelier.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.atelier.gateway.GatewayException.ErrorCode;
import org.junit.jupiter.api.Test;

class WorkspaceUrisTests {

  private final WorkspaceUris uris = new WorkspaceUris("/workspace");

  @Test
  void clientUrisNameWorkspacePathsPercentEncoded() {
    assertThat(WorkspaceUris.clientUri("src/main.py")).isEqualTo("atelier:/src/main.py");
    assertThat(WorkspaceUris.clientUri("a b/ü#.py")).isEqualTo("atelier:/a%20b/%C3%BC%23.py");
    assertThat(WorkspaceUris.pathOfClientUri("atelier:/a%20b/%C3%BC%23.py")).isEqualTo("a b/ü#.py");
    assertThat(WorkspaceUris.pathOfClientUri("atelier:///src//./main.py")).isEqualTo("src/main.py");
  }

  @Test
  void serverUrisAreBelowTheRootAsServersSeeIt() {
    assertThat(uris.rootUri()).isEqualTo("file:///workspace");
    assertThat(uris.toServer("atelier:/a%20b.py")).isEqualTo("file:///workspace/a%20b.py");
    assertThat(uris.toClient("file:///workspace/a%20b.py")).isEqualTo("atelier:/a%20b.py");
    assertThat(uris.toClient("file://localhost/workspace/x.c")).isEqualTo("atelier:/x.c");
    assertThat(uris.toClient("file:///workspace2/x.c")).isEqualTo("file:///workspace2/x.c");
    assertThat(uris.toClient("file:///usr/include/stdio.h"))
        .isEqualTo("file:///usr/include/stdio.h");
    assertThat(uris.toClient("untitled:1")).isEqualTo("untitled:1");
  }

  @Test
  void anythingOutsideTheWorkspaceIsRefused() {
    for (String uri :
        new String[] {
          "atelier:/../x",
          "atelier:/a/../../x",
          "file:///workspace/x",
          "http://x/y",
          "atelier:/",
          "atelier:/a%2F..%2F..%2Fx",
          "atelier:/%zz",
          "atelier:/a%00b"
        }) {
      assertThatThrownBy(() -> WorkspaceUris.pathOfClientUri(uri))
          .as(uri)
          .isInstanceOfSatisfying(
              GatewayException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.PATH_OUTSIDE_WORKSPACE));
    }
    assertThatThrownBy(() -> WorkspaceUris.normalizePath("../etc/passwd"))
        .isInstanceOf(GatewayException.class);
  }

  @Test
  void treesAreTranslatedInUriMembersAndChangeKeys() {
    JsonObject result =
        TestClient.json(
            "{\"changes\":{\"file:///workspace/a.py\":[{\"newText\":\"file:///workspace/literal\"}]},"
                + "\"documentChanges\":[{\"textDocument\":{\"uri\":\"file:///workspace/b.py\",\"version\":3}},"
                + "{\"kind\":\"rename\",\"oldUri\":\"file:///workspace/c.py\",\"newUri\":\"file:///workspace/d.py\"}],"
                + "\"links\":[{\"targetUri\":\"file:///workspace/e.py\"}]}");
    uris.resultToClient(result);
    assertThat(result.getAsJsonObject("changes").keySet()).containsExactly("atelier:/a.py");
    assertThat(result.toString())
        .contains(
            "\"uri\":\"atelier:/b.py\"",
            "\"oldUri\":\"atelier:/c.py\"",
            "\"newUri\":\"atelier:/d.py\"",
            "\"targetUri\":\"atelier:/e.py\"")
        .contains("\"newText\":\"file:///workspace/literal\"");
  }

  @Test
  void paramsMustOnlyNameWorkspaceDocumentsExceptInsideServerData() {
    JsonObject params =
        TestClient.json(
            "{\"textDocument\":{\"uri\":\"atelier:/a.py\"},\"data\":{\"uri\":\"file:///usr/x\",\"other\":{\"uri\":\"atelier:/b.py\"}}}");
    uris.paramsToServer(params);
    assertThat(params.getAsJsonObject("textDocument").get("uri").getAsString())
        .isEqualTo("file:///workspace/a.py");
    assertThat(params.getAsJsonObject("data").get("uri").getAsString()).isEqualTo("file:///usr/x");
    assertThat(params.getAsJsonObject("data").getAsJsonObject("other").get("uri").getAsString())
        .isEqualTo("file:///workspace/b.py");

    JsonObject outside =
        TestClient.json(
            "{\"context\":{\"diagnostics\":[{\"relatedInformation\":[{\"location\":{\"uri\":\"file:///etc/passwd\"}}]}]}}");
    assertThatThrownBy(() -> uris.paramsToServer(outside)).isInstanceOf(GatewayException.class);
  }

  @Test
  void aHostFolderRootWorksLikeTheSandboxOne() {
    WorkspaceUris host = new WorkspaceUris("/srv/atelier/workspaces/w1/");
    assertThat(host.toServer("atelier:/src/m.c"))
        .isEqualTo("file:///srv/atelier/workspaces/w1/src/m.c");
    assertThat(host.pathOfServerUri("file:///srv/atelier/workspaces/w1")).contains("");
    assertThat(host.pathOfServerUri("file:///srv/atelier/workspaces/w10/x")).isEmpty();
  }
}
