package dev.atelier.server.language;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.stacks.StackCatalog;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which editors get a language server, from the workspace's stack. */
class LanguageServersTests {

  private final StackCatalog catalog = StackCatalog.builtin();
  private final Map<String, String> stackOf =
      Map.of("py", "python", "node", "node", "java", "java-maven");
  private final LanguageServers servers =
      new LanguageServers(id -> Optional.ofNullable(stackOf.get(id)).map(catalog::require));

  @Test
  void filesTheStacksServersHandleHaveALanguage() {
    assertThat(servers.languageOf("py", "src/app/main.py")).contains("python");
    assertThat(servers.languageOf("node", "web/App.tsx")).contains("typescriptreact");
    assertThat(servers.languageOf("java", "src/main/java/App.java")).contains("java");
  }

  @Test
  void otherFilesAndUnknownWorkspacesHaveNone() {
    assertThat(servers.languageOf("py", "README.md")).isEmpty();
    assertThat(servers.languageOf("py", "App.java")).isEmpty();
    assertThat(servers.languageOf("gone", "main.py")).isEmpty();
  }

  @Test
  void theSocketPathFollowsTheWireContract() {
    assertThat(LanguageServers.socketPath("ws-1")).isEqualTo("/lsp/ws-1");
  }
}
