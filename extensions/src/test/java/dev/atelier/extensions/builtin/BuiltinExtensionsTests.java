package dev.atelier.extensions.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.extensions.LanguageContribution.ServerLaunchRequest;
import dev.atelier.extensions.StackContribution;
import dev.atelier.extensions.host.ContributionValidator;
import dev.atelier.extensions.host.Extensions;
import dev.atelier.extensions.host.LanguageTable;
import dev.atelier.stacks.LanguageServer;
import dev.atelier.stacks.Stack;
import dev.atelier.stacks.StackParser;
import dev.atelier.stacks.StackWriter;
import dev.atelier.stacks.TaskGroup;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The built-in language extensions: their stacks, languages and the JDT LS launch. */
class BuiltinExtensionsTests {

  private static final Extensions BUILTINS =
      Extensions.load(LanguageExtensions.all(), null, ContributionValidator.NONE);

  private static Stack stack(String id) {
    StackContribution s =
        BUILTINS.contributions().stacks().stream()
            .filter(c -> c.id().equals(id))
            .findFirst()
            .orElseThrow();
    return StackParser.parse(s.id(), s.sourceName(), s.json());
  }

  @Test
  void theyAllLoadAndContributeTheFourStacksInCatalogOrder() {
    assertThat(BUILTINS.refused()).isEmpty();
    assertThat(BUILTINS.loaded())
        .extracting(Extensions.Loaded::id)
        .containsExactly(
            "atelier.java",
            "atelier.python",
            "atelier.typescript",
            "atelier.cpp",
            "atelier.formats");
    assertThat(BUILTINS.contributions().stacks())
        .extracting(StackContribution::id)
        .containsExactly("java-maven", "python", "node", "c-cpp");
    assertThat(BUILTINS.contributions().problemMatchers())
        .extracting(m -> m.id())
        .containsExactly("javac", "python-traceback", "tsc", "gcc");
  }

  @ParameterizedTest
  @ValueSource(strings = {"java-maven", "python", "node", "c-cpp"})
  void everyBuiltinStackIsComplete(String id) {
    Stack stack = stack(id);

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
    assertThat(StackParser.parse(id, id + ".json", StackWriter.toJson(stack))).isEqualTo(stack);
  }

  @Test
  void builtinStacksUseTheAgreedLanguageServers() {
    assertThat(stack("java-maven").languageServer("java"))
        .map(server -> server.command().toArgv())
        .contains(List.of("/bin/sh", "-c", "jdtls"));
    assertThat(stack("python").languageServer("python"))
        .map(server -> server.command().argv())
        .contains(List.of("/usr/bin/python3", "-m", "pylsp"));
    assertThat(stack("python").debugAdapter("python"))
        .map(adapter -> adapter.command().argv())
        .contains(List.of("/usr/bin/python3", "-m", "debugpy.adapter"));
    assertThat(stack("node").languageServers())
        .extracting(LanguageServer::language)
        .containsExactly("typescript", "javascript");
    assertThat(stack("c-cpp").languageServers())
        .extracting(LanguageServer::language)
        .containsExactly("c", "cpp");
    assertThat(stack("python").forwardPorts()).containsExactly(8000);
  }

  @Test
  void theLanguageTableNamesDialectsAndSyntaxes() {
    LanguageTable table = LanguageExtensions.table();
    assertThat(table.displayName("cpp")).isEqualTo("C++");
    assertThat(table.displayName("cobol")).isEqualTo("cobol");
    assertThat(table.lspLanguageId("typescript", "src/App.tsx")).isEqualTo("typescriptreact");
    assertThat(table.lspLanguageId("typescript", "src/app.ts")).isEqualTo("typescript");
    assertThat(table.lspLanguageId("javascript", "a.jsx")).isEqualTo("javascriptreact");
    assertThat(table.syntaxOf("a/b/Main.java")).contains("java");
    assertThat(table.syntaxOf("x.hpp")).contains("cpp");
    assertThat(table.syntaxOf("README")).isEmpty();
  }

  @Test
  void theJavaLanguageLaunchesJdtlsThroughItsScriptOnlyForTheDefaultCommand() {
    LanguageTable table = LanguageExtensions.table();
    var plan =
        table
            .launch(
                "java",
                new ServerLaunchRequest(
                    "w7",
                    List.of("/bin/sh", "-c", "jdtls"),
                    name ->
                        name.equals("jdtls-home") ? Optional.of("/opt/jdtls") : Optional.empty()))
            .orElseThrow();
    assertThat(plan.command())
        .containsExactly("/bin/sh", "-c", JdtLanguageServer.launchScript("w7"));
    assertThat(plan.env()).isEqualTo(Map.of("JDTLS_HOME", "/opt/jdtls"));
    assertThat(plan.notInstalledMessage()).isEqualTo(JdtLanguageServer.NOT_INSTALLED_MESSAGE);
    assertThat(
            table.launch(
                "java",
                new ServerLaunchRequest("w7", List.of("my-java-ls"), name -> Optional.empty())))
        .isEmpty();
    assertThat(
            table.launch(
                "python",
                new ServerLaunchRequest("w7", List.of("pylsp"), name -> Optional.empty())))
        .isEmpty();
  }
}
