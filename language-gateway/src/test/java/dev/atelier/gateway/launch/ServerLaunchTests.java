package dev.atelier.gateway.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.stacks.StackCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerLaunchTests {

  @Test
  void languagesWithTheSameCommandShareOneProcess() {
    List<ServerLaunch> node =
        ServerLaunch.plan(
            "w1", StackCatalog.builtin().require("node"), ServerLaunch.Settings.DEFAULT);
    assertThat(node)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.key()).isEqualTo("typescript+javascript");
              assertThat(s.command())
                  .containsExactly("/bin/sh", "-c", "typescript-language-server --stdio");
            });
    assertThat(
            ServerLaunch.plan(
                "w1", StackCatalog.builtin().require("c-cpp"), ServerLaunch.Settings.DEFAULT))
        .singleElement()
        .satisfies(s -> assertThat(s.languages()).containsExactly("c", "cpp"));
    assertThat(
            ServerLaunch.plan(
                "w1", StackCatalog.builtin().require("python"), ServerLaunch.Settings.DEFAULT))
        .singleElement()
        .satisfies(s -> assertThat(s.command()).containsExactly("/usr/bin/python3", "-m", "pylsp"));
  }

  @Test
  void filesMapToTheirServerAndLanguageId() {
    FileLanguages node =
        new FileLanguages(
            ServerLaunch.plan(
                "w1", StackCatalog.builtin().require("node"), ServerLaunch.Settings.DEFAULT));
    assertThat(node.match("index.ts").orElseThrow().languageId()).isEqualTo("typescript");
    assertThat(node.match("src/app/view.tsx").orElseThrow().languageId())
        .isEqualTo("typescriptreact");
    assertThat(node.match("lib/x.mjs").orElseThrow().languageId()).isEqualTo("javascript");
    assertThat(node.match("a.jsx").orElseThrow().languageId()).isEqualTo("javascriptreact");
    assertThat(node.match("README.md")).isEmpty();
    FileLanguages c =
        new FileLanguages(
            ServerLaunch.plan(
                "w1", StackCatalog.builtin().require("c-cpp"), ServerLaunch.Settings.DEFAULT));
    assertThat(c.match("include/x.h").orElseThrow().languageId()).isEqualTo("c");
    assertThat(c.match("x.cpp").orElseThrow().languageId()).isEqualTo("cpp");
  }

  @Test
  void globsFollowTheUsualConventions() {
    assertThat("main.py").matches(FileLanguages.toRegex("**/*.py"));
    assertThat("a/b/main.py").matches(FileLanguages.toRegex("**/*.py"));
    assertThat("a/b/main.pyc").doesNotMatch(FileLanguages.toRegex("**/*.py"));
    assertThat("src/x.ts").matches(FileLanguages.toRegex("src/*.{ts,tsx}"));
    assertThat("src/deep/x.ts").doesNotMatch(FileLanguages.toRegex("src/*.{ts,tsx}"));
    assertThat("a1.c").matches(FileLanguages.toRegex("a[0-9].c"));
    assertThat("a.c").matches(FileLanguages.toRegex("?.c"));
    assertThat("x+y.c").matches(FileLanguages.toRegex("x+y.c"));
  }

  @Test
  void theJavaStackGetsTheJdtLaunchScriptAndJdtlsHome() {
    List<ServerLaunch> java =
        ServerLaunch.plan(
            "w7",
            StackCatalog.builtin().require("java-maven"),
            new ServerLaunch.Settings("/opt/jdtls"));
    assertThat(java)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.command().subList(0, 2)).containsExactly("/bin/sh", "-c");
              assertThat(s.command().get(2)).isEqualTo(JdtLanguageServer.launchScript("w7"));
              assertThat(s.env()).isEqualTo(Map.of("JDTLS_HOME", "/opt/jdtls"));
              assertThat(s.notInstalledMessage())
                  .isEqualTo("Java language server not installed (see docs/language-servers.md)");
            });
    assertThat(
            ServerLaunch.plan(
                    "w7",
                    StackCatalog.builtin().require("java-maven"),
                    ServerLaunch.Settings.DEFAULT)
                .get(0)
                .env())
        .isEmpty();
  }

  @Test
  void otherMissingServersNameTheirCommand() {
    ServerLaunch clangd =
        ServerLaunch.plan(
                "w1", StackCatalog.builtin().require("c-cpp"), ServerLaunch.Settings.DEFAULT)
            .get(0);
    assertThat(clangd.notInstalledMessage())
        .isEqualTo(
            "C language server not installed: `clangd` was not found in the workspace (see docs/language-servers.md)");
  }
}
