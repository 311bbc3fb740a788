package dev.atelier.gateway;

import dev.atelier.stacks.Command;
import dev.atelier.stacks.LanguageServer;
import dev.atelier.stacks.Stack;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The gateway with the node stack's real server: typescript-language-server with TypeScript 5.9,
 * installed by npm in this module's test fixture and mounted read-only into the sandbox at the same
 * path (a real node workspace has it in its image or its own node_modules).
 */
class TypeScriptIntegrationTests extends LanguageServerScenarios {

  @Override
  Optional<String> missingServer() {
    return TestServers.missingTypeScript();
  }

  @Override
  Stack stack() {
    Stack node = BuiltinStacks.catalog().require("node");
    List<LanguageServer> servers =
        node.languageServers().stream()
            .map(
                s ->
                    new LanguageServer(
                        s.language(),
                        s.fileGlobs(),
                        Command.argv(
                            List.of(TestServers.typescriptLanguageServer().toString(), "--stdio"))))
            .toList();
    return new Stack(
        node.id(),
        node.name(),
        node.description(),
        node.image(),
        node.containerEnv(),
        node.forwardPorts(),
        node.postCreateCommand(),
        node.postStartCommand(),
        node.tasks(),
        servers,
        node.debugAdapters(),
        node.resources());
  }

  @Override
  List<Path> extraReadOnlyPaths() {
    return List.of(TestServers.jsDir());
  }

  @Override
  Map<String, String> files() {
    return Map.of(
        // Without the DOM library tsserver builds the program several times faster; the scenarios
        // need nothing from it.
        "tsconfig.json",
            "{\"compilerOptions\": {\"lib\": [\"es2020\"], \"types\": [], \"strict\": true}}\n",
        "util.ts", "export function add(a: number, b: number): number {\n  return a + b;\n}\n",
        "main.ts", "import { add } from \"./util\";\n\nexport const three = add(1, 2);\n",
        "errors.ts", "const x: number = \"not a number\";\nexport {};\n",
        "complete.ts", "const s = \"x\";\ns.toUpp\nexport {};\n");
  }

  @Override
  String languageId() {
    return "typescript";
  }

  @Override
  String errorFile() {
    return "errors.ts";
  }

  @Override
  Predicate<String> errorMessage() {
    return m -> m.contains("is not assignable to type 'number'");
  }

  @Override
  Position completionAt() {
    return new Position("complete.ts", 1, 7);
  }

  @Override
  String expectedCompletion() {
    return "toUpperCase";
  }

  @Override
  Position definitionAt() {
    return new Position("main.ts", 2, 21);
  }

  @Override
  Set<String> definitionFiles() {
    return Set.of("util.ts");
  }

  @Override
  Position renameAt() {
    // At the definition: renaming at an import only renames the local binding (`add as x`).
    return new Position("util.ts", 0, 17);
  }

  @Override
  Set<String> renamedFiles() {
    return Set.of("main.ts", "util.ts");
  }

  @Override
  List<String> navigationFiles() {
    return List.of("main.ts", "util.ts");
  }

  @Override
  String processMarker() {
    return "typescript-language-server";
  }
}
