package dev.atelier.gateway;

import dev.atelier.stacks.Stack;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** The gateway with the c-cpp stack's real server: clangd (Debian). */
class ClangdIntegrationTests extends LanguageServerScenarios {

  @Override
  Optional<String> missingServer() {
    return TestServers.missingClangd();
  }

  @Override
  Stack stack() {
    return BuiltinStacks.catalog().require("c-cpp");
  }

  @Override
  Map<String, String> files() {
    return Map.of(
        // Without it clangd parses a header opened on its own as C++, and the C and C++ symbols of
        // add() differ, so renaming from main.c would miss the declaration in util.h.
        "compile_flags.txt", "-xc\n-std=c11\n",
        "util.h", "int add(int a, int b);\n",
        "util.c", "#include \"util.h\"\n\nint add(int a, int b) { return a + b; }\n",
        "main.c",
            "#include <stdio.h>\n#include \"util.h\"\n\nint main(void) {\n  printf(\"%d\\n\", add(1, 2));\n  return 0;\n}\n",
        "errors.c", "int main(void) { return undefined_var; }\n",
        "complete.c", "#include <stdio.h>\n\nint main(void) {\n  pri\n}\n");
  }

  @Override
  String languageId() {
    return "c";
  }

  @Override
  String errorFile() {
    return "errors.c";
  }

  @Override
  Predicate<String> errorMessage() {
    return m -> m.contains("undeclared identifier 'undefined_var'");
  }

  @Override
  Position completionAt() {
    return new Position("complete.c", 3, 5);
  }

  @Override
  String expectedCompletion() {
    return "printf";
  }

  @Override
  Position definitionAt() {
    return new Position("main.c", 4, 18);
  }

  @Override
  Set<String> definitionFiles() {
    return Set.of("util.c", "util.h");
  }

  @Override
  Position renameAt() {
    return new Position("main.c", 4, 18);
  }

  @Override
  Set<String> renamedFiles() {
    return Set.of("main.c", "util.h");
  }

  @Override
  List<String> navigationFiles() {
    return List.of("util.h", "util.c", "main.c");
  }

  @Override
  String processMarker() {
    return "clangd";
  }
}
