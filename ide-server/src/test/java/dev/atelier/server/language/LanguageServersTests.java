package dev.atelier.server.language;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.extensions.Builtins;
import dev.atelier.stacks.StackCatalog;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which editors get a language server, from the workspace's stack. */
class LanguageServersTests {

  private final StackCatalog catalog = Builtins.stacks();
  private final Map<String, String> stackOf =
      Map.of("py", "python", "node", "node", "java", "java-maven");
  private final LanguageServers servers =
      new LanguageServers(
          id -> Optional.ofNullable(stackOf.get(id)).map(catalog::require), Builtins.languages());

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
  void theEditorSyntaxComesFromTheContributedLanguagesWhateverTheStack() {
    assertThat(servers.syntaxOf("src/main.py")).contains("python");
    assertThat(servers.syntaxOf("web/App.tsx")).contains("tsx");
    assertThat(servers.syntaxOf("lib/x.mjs")).contains("javascript");
    assertThat(servers.syntaxOf("include/x.h")).contains("cpp");
    assertThat(servers.syntaxOf("pom.xml")).contains("xml");
    assertThat(servers.syntaxOf(".bashrc")).contains("shell");
    assertThat(servers.syntaxOf("deploy/values.yml")).contains("yaml");
    assertThat(servers.syntaxOf("notes.txt")).isEmpty();
    assertThat(servers.syntaxOf("Makefile")).isEmpty();
  }

  @Test
  void theSocketPathFollowsTheWireContract() {
    assertThat(LanguageServers.socketPath("ws-1")).isEqualTo("/lsp/ws-1");
  }
}
