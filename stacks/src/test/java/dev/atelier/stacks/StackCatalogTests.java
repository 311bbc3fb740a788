package dev.atelier.stacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.stacks.StackException.ErrorCode;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StackCatalogTests {

  @Test
  void builtinCatalogHoldsTheFourStacksInIndexOrder() {
    assertThat(StackCatalog.builtin().ids())
        .containsExactly("java-maven", "python", "node", "c-cpp");
  }

  @ParameterizedTest
  @ValueSource(strings = {"java-maven", "python", "node", "c-cpp"})
  void everyBuiltinStackIsComplete(String id) {
    Stack stack = StackCatalog.builtin().require(id);

    assertThat(stack.id()).isEqualTo(id);
    assertThat(stack.name()).isNotBlank().isNotEqualTo(id);
    assertThat(stack.description()).isNotBlank();
    assertThat(stack.image()).isNotBlank();
    assertThat(stack.tasks(TaskGroup.RUN)).isNotEmpty();
    assertThat(stack.tasks(TaskGroup.TEST)).isNotEmpty();
    assertThat(stack.languageServers()).isNotEmpty();
    assertThat(stack.resources().cpuMillis()).isPositive();
    assertThat(stack.resources().memoryBytes()).isGreaterThanOrEqualTo(1L << 30);
    assertThat(stack.resources().pids()).isGreaterThanOrEqualTo(256);
    // What the file says is what the writer gives back: nothing is lost in the model.
    assertThat(StackParser.parse(id, id + ".json", StackWriter.toJson(stack))).isEqualTo(stack);
  }

  @Test
  void builtinStacksUseTheAgreedLanguageServers() {
    StackCatalog catalog = StackCatalog.builtin();

    assertThat(catalog.require("java-maven").languageServer("java"))
        .map(server -> server.command().toArgv())
        .contains(List.of("/bin/sh", "-c", "jdtls"));
    assertThat(catalog.require("python").languageServer("python"))
        .map(server -> server.command().argv())
        .contains(List.of("/usr/bin/python3", "-m", "pylsp"));
    assertThat(catalog.require("python").debugAdapter("python"))
        .map(adapter -> adapter.command().argv())
        .contains(List.of("/usr/bin/python3", "-m", "debugpy.adapter"));
    assertThat(catalog.require("node").languageServers())
        .extracting(LanguageServer::language, server -> server.command().shell())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("typescript", "typescript-language-server --stdio"),
            org.assertj.core.groups.Tuple.tuple(
                "javascript", "typescript-language-server --stdio"));
    assertThat(catalog.require("c-cpp").languageServers())
        .extracting(LanguageServer::language)
        .containsExactly("c", "cpp");
    assertThat(catalog.require("python").forwardPorts()).containsExactly(8000);
    assertThat(catalog.require("node").forwardPorts()).containsExactly(3000);
    assertThat(catalog.require("java-maven").forwardPorts()).containsExactly(8080);
  }

  @Test
  void builtinCatalogIsLoadedOnce() {
    assertThat(StackCatalog.builtin()).isSameAs(StackCatalog.builtin());
  }

  @Test
  void findAndRequireAnUnknownId() {
    StackCatalog catalog = StackCatalog.builtin();

    assertThat(catalog.find("ruby")).isEmpty();
    assertThat(catalog.find(null)).isEmpty();
    assertThatThrownBy(() -> catalog.require("ruby"))
        .isInstanceOfSatisfying(
            StackException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
        .hasMessage(
            "stack catalog: unknown stack \"ruby\", choose one of: java-maven, python, node, c-cpp");
  }

  @Test
  void ofKeepsOrderAndRejectsDuplicateIds() {
    Stack a = StackParser.parse("a", "a.json", "{}");
    Stack b = StackParser.parse("b", "b.json", "{}");

    assertThat(StackCatalog.of(List.of(b, a)).all()).containsExactly(b, a);
    assertThatThrownBy(() -> StackCatalog.of(List.of(a, b, a)))
        .isInstanceOfSatisfying(
            StackException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DUPLICATE))
        .hasMessageContaining("\"a\"");
  }

  @Test
  void loadReportsAFileListedButMissing(@TempDir Path dir) throws IOException {
    Path stacks = Files.createDirectories(dir.resolve("x/stacks"));
    Files.writeString(stacks.resolve("index.txt"), "# comment\n\nok.json\ngone.json\n");
    Files.writeString(stacks.resolve("ok.json"), "{\"name\": \"OK\"}");

    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      assertThatThrownBy(() -> StackCatalog.load(loader, "x/stacks/"))
          .isInstanceOfSatisfying(
              StackException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
          .hasMessage(
              "x/stacks/gone.json: not found on the class path, remove it from x/stacks/index.txt"
                  + " or add it");

      Files.delete(stacks.resolve("index.txt"));
      Files.writeString(stacks.resolve("index.txt"), "ok.json\n");
      assertThat(StackCatalog.load(loader, "x/stacks/").require("ok").name()).isEqualTo("OK");
    }
  }

  @Test
  void loadReportsAnInvalidFileByItsResourcePath(@TempDir Path dir) throws IOException {
    Path stacks = Files.createDirectories(dir.resolve("s"));
    Files.writeString(stacks.resolve("index.txt"), "bad.json\n");
    Files.writeString(stacks.resolve("bad.json"), "{\"forwardPorts\": [\"x\"]}");

    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      assertThatThrownBy(() -> StackCatalog.load(loader, "s/"))
          .isInstanceOf(StackException.class)
          .hasMessageStartingWith("s/bad.json: forwardPorts[0]: ");
    }
  }
}
