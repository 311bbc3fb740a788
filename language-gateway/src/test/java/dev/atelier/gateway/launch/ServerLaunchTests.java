package dev.atelier.gateway.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.extensions.LanguageContribution;
import dev.atelier.extensions.LanguageContribution.ServerLaunchPlan;
import dev.atelier.extensions.builtin.LanguageExtensions;
import dev.atelier.extensions.host.Globs;
import dev.atelier.extensions.host.LanguageTable;
import dev.atelier.gateway.BuiltinStacks;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerLaunchTests {

  /** The built-in language extensions' names, dialects and launchers. */
  private static final ServerLaunch.Settings BUILTIN =
      new ServerLaunch.Settings(Map.of(), LanguageExtensions.table());

  @Test
  void languagesWithTheSameCommandShareOneProcess() {
    List<ServerLaunch> node =
        ServerLaunch.plan("w1", BuiltinStacks.catalog().require("node"), BUILTIN);
    assertThat(node)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.key()).isEqualTo("typescript+javascript");
              assertThat(s.command())
                  .containsExactly("/bin/sh", "-c", "typescript-language-server --stdio");
            });
    assertThat(ServerLaunch.plan("w1", BuiltinStacks.catalog().require("c-cpp"), BUILTIN))
        .singleElement()
        .satisfies(s -> assertThat(s.languages()).containsExactly("c", "cpp"));
    assertThat(ServerLaunch.plan("w1", BuiltinStacks.catalog().require("python"), BUILTIN))
        .singleElement()
        .satisfies(s -> assertThat(s.command()).containsExactly("/usr/bin/python3", "-m", "pylsp"));
  }

  @Test
  void filesMapToTheirServerAndLanguageId() {
    FileLanguages node =
        new FileLanguages(
            ServerLaunch.plan("w1", BuiltinStacks.catalog().require("node"), BUILTIN),
            BUILTIN.languages());
    assertThat(node.match("index.ts").orElseThrow().languageId()).isEqualTo("typescript");
    assertThat(node.match("src/app/view.tsx").orElseThrow().languageId())
        .isEqualTo("typescriptreact");
    assertThat(node.match("lib/x.mjs").orElseThrow().languageId()).isEqualTo("javascript");
    assertThat(node.match("a.jsx").orElseThrow().languageId()).isEqualTo("javascriptreact");
    assertThat(node.match("README.md")).isEmpty();
    FileLanguages c =
        new FileLanguages(
            ServerLaunch.plan("w1", BuiltinStacks.catalog().require("c-cpp"), BUILTIN),
            BUILTIN.languages());
    assertThat(c.match("include/x.h").orElseThrow().languageId()).isEqualTo("c");
    assertThat(c.match("x.cpp").orElseThrow().languageId()).isEqualTo("cpp");
  }

  @Test
  void globsFollowTheUsualConventions() {
    assertThat("main.py").matches(Globs.toRegex("**/*.py"));
    assertThat("a/b/main.py").matches(Globs.toRegex("**/*.py"));
    assertThat("a/b/main.pyc").doesNotMatch(Globs.toRegex("**/*.py"));
    assertThat("src/x.ts").matches(Globs.toRegex("src/*.{ts,tsx}"));
    assertThat("src/deep/x.ts").doesNotMatch(Globs.toRegex("src/*.{ts,tsx}"));
    assertThat("a1.c").matches(Globs.toRegex("a[0-9].c"));
    assertThat("a.c").matches(Globs.toRegex("?.c"));
    assertThat("x+y.c").matches(Globs.toRegex("x+y.c"));
  }

  @Test
  void theJavaStackGetsTheJdtLaunchScriptAndJdtlsHome() {
    List<ServerLaunch> java =
        ServerLaunch.plan(
            "w7",
            BuiltinStacks.catalog().require("java-maven"),
            new ServerLaunch.Settings(Map.of("jdtls-home", "/opt/jdtls"), BUILTIN.languages()));
    assertThat(java)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.command().subList(0, 2)).containsExactly("/bin/sh", "-c");
              assertThat(s.command().get(2))
                  .contains("${XDG_CACHE_HOME:-/tmp}/atelier/jdtls/w7/data")
                  .contains("org.eclipse.equinox.launcher_*.jar")
                  .contains("exit 127");
              assertThat(s.env()).isEqualTo(Map.of("JDTLS_HOME", "/opt/jdtls"));
              assertThat(s.notInstalledMessage())
                  .isEqualTo("Java language server not installed (see docs/language-servers.md)");
            });
    assertThat(
            ServerLaunch.plan("w7", BuiltinStacks.catalog().require("java-maven"), BUILTIN)
                .get(0)
                .env())
        .isEmpty();
  }

  @Test
  void otherMissingServersNameTheirCommand() {
    ServerLaunch clangd =
        ServerLaunch.plan("w1", BuiltinStacks.catalog().require("c-cpp"), BUILTIN).get(0);
    assertThat(clangd.notInstalledMessage())
        .isEqualTo(
            "C language server not installed: `clangd` was not found in the workspace (see docs/language-servers.md)");
  }

  @Test
  void aContributedLauncherReplacesTheStacksCommandAndAFailingOneIsIgnored() {
    LanguageTable table =
        new LanguageTable(
            List.of(
                LanguageContribution.of("python", "Snake", "python", "**/*.py")
                    .withServerLauncher(
                        request ->
                            request.command().contains("pylsp")
                                ? Optional.of(
                                    new ServerLaunchPlan(
                                        List.of("my-pylsp", request.workspaceId()),
                                        Map.of("A", "1"),
                                        null))
                                : Optional.empty()),
                LanguageContribution.of("c", "C", "cpp", "**/*.c")
                    .withServerLauncher(
                        request -> {
                          throw new IllegalStateException("broken launcher");
                        })));
    ServerLaunch.Settings settings = new ServerLaunch.Settings(Map.of(), table);
    ServerLaunch python =
        ServerLaunch.plan("w2", BuiltinStacks.catalog().require("python"), settings).get(0);
    assertThat(python.command()).containsExactly("my-pylsp", "w2");
    assertThat(python.env()).containsEntry("A", "1");
    assertThat(python.displayName()).isEqualTo("Snake");
    assertThat(python.notInstalledMessage()).startsWith("Snake language server not installed");
    ServerLaunch clangd =
        ServerLaunch.plan("w2", BuiltinStacks.catalog().require("c-cpp"), settings).get(0);
    assertThat(clangd.command()).containsExactly("/bin/sh", "-c", "clangd");
  }

  @Test
  void withoutContributedLanguagesTheStacksCommandRunsUnderTheLanguageId() {
    ServerLaunch java =
        ServerLaunch.plan(
                "w3", BuiltinStacks.catalog().require("java-maven"), ServerLaunch.Settings.DEFAULT)
            .get(0);
    assertThat(java.command()).containsExactly("/bin/sh", "-c", "jdtls");
    assertThat(java.displayName()).isEqualTo("java");
  }
}
