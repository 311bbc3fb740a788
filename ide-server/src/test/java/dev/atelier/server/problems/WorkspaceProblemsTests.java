package dev.atelier.server.problems;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.server.problems.Problem.Severity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkspaceProblemsTests {

  private final WorkspaceProblems problems = new WorkspaceProblems();

  private static Problem p(String path, int line, Severity severity, String source) {
    return new Problem(path, line, 1, severity, "m" + line, source);
  }

  @Test
  void producersReplaceOnlyTheirOwnSetAndErrorsComeFirst() throws Exception {
    List<List<Problem>> seen = new ArrayList<>();
    try (AutoCloseable sub = problems.subscribe("w1", seen::add)) {
      problems.replace("w1", "task:build", List.of(p("b.c", 3, Severity.WARNING, "gcc")));
      problems.replace("w1", "lsp:python", List.of(p("a.py", 9, Severity.ERROR, "pylsp")));
      problems.replace("w1", "task:build", List.of());
    }
    problems.replace("w1", "task:build", List.of(p("z.c", 1, Severity.INFO, "gcc")));

    assertThat(seen).hasSize(3);
    assertThat(seen.get(1)).extracting(Problem::path).containsExactly("a.py", "b.c");
    assertThat(seen.get(2)).extracting(Problem::path).containsExactly("a.py");
    assertThat(problems.list("w1")).extracting(Problem::path).containsExactly("a.py", "z.c");
    assertThat(problems.list("other")).isEmpty();
  }

  @Test
  void replacingOneFileKeepsTheProducersOtherFiles() {
    problems.replace(
        "w1",
        "lsp:python",
        List.of(p("a.py", 1, Severity.ERROR, "pylsp"), p("b.py", 2, Severity.ERROR, "pylsp")));
    problems.replaceForFile("w1", "lsp:python", "a.py", List.of());
    assertThat(problems.list("w1")).extracting(Problem::path).containsExactly("b.py");
    problems.clear("w1");
    assertThat(problems.list("w1")).isEmpty();
  }
}
