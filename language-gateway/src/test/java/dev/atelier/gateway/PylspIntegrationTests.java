package dev.atelier.gateway;

import dev.atelier.stacks.Stack;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** The gateway with the python stack's real server: pylsp (Debian, with pyflakes). */
class PylspIntegrationTests extends LanguageServerScenarios {

  @Override
  Optional<String> missingServer() {
    return TestServers.missingPylsp();
  }

  @Override
  Stack stack() {
    return BuiltinStacks.catalog().require("python");
  }

  @Override
  Map<String, String> files() {
    return Map.of(
        "util.py", "def add(a, b):\n    return a + b\n",
        "main.py", "from util import add\n\nprint(add(1, 2))\n",
        "errors.py", "print(undefined_name)\n",
        "complete.py", "import os\nos.pa\n");
  }

  @Override
  String languageId() {
    return "python";
  }

  @Override
  String errorFile() {
    return "errors.py";
  }

  @Override
  Predicate<String> errorMessage() {
    return m -> m.contains("undefined name 'undefined_name'");
  }

  @Override
  Position completionAt() {
    return new Position("complete.py", 1, 5);
  }

  @Override
  String expectedCompletion() {
    return "path";
  }

  @Override
  Position definitionAt() {
    return new Position("main.py", 2, 7);
  }

  @Override
  Set<String> definitionFiles() {
    return Set.of("util.py");
  }

  @Override
  Position renameAt() {
    return new Position("main.py", 2, 7);
  }

  @Override
  Set<String> renamedFiles() {
    return Set.of("main.py", "util.py");
  }

  @Override
  List<String> navigationFiles() {
    return List.of("main.py", "util.py");
  }

  @Override
  String processMarker() {
    return "-m pylsp";
  }
}
