package dev.atelier.server.language;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.gateway.DiagnosticsUpdate;
import dev.atelier.server.problems.Problem;
import java.util.List;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.Test;

/** Language server diagnostics as Problems panel entries. */
class LanguageProblemsTests {

  private static Diagnostic diagnostic(int line, int character, DiagnosticSeverity severity) {
    Diagnostic d =
        new Diagnostic(
            new Range(new Position(line, character), new Position(line, character + 3)), "boom");
    d.setSeverity(severity);
    return d;
  }

  @Test
  void positionsBecomeOneBasedAndSeveritiesMap() {
    Diagnostic hint = diagnostic(0, 0, DiagnosticSeverity.Hint);
    hint.setSource("pycodestyle");
    DiagnosticsUpdate update =
        new DiagnosticsUpdate(
            "ws",
            "atelier:/a.py",
            "a.py",
            "python",
            List.of(
                diagnostic(2, 4, DiagnosticSeverity.Error),
                diagnostic(3, 0, DiagnosticSeverity.Warning),
                diagnostic(4, 1, null),
                hint));
    assertThat(LanguageProblems.toProblems(update))
        .containsExactly(
            new Problem("a.py", 3, 5, Problem.Severity.ERROR, "boom", "python"),
            new Problem("a.py", 4, 1, Problem.Severity.WARNING, "boom", "python"),
            new Problem("a.py", 5, 2, Problem.Severity.ERROR, "boom", "python"),
            new Problem("a.py", 1, 1, Problem.Severity.INFO, "boom", "pycodestyle"));
  }

  @Test
  void markdownAndMultiLineMessagesBecomeOneLine() {
    Diagnostic d = diagnostic(0, 0, DiagnosticSeverity.Error);
    d.setMessage(new MarkupContent("markdown", "expected `int`\n  found `str`\n"));
    DiagnosticsUpdate update =
        new DiagnosticsUpdate("ws", "atelier:/a.c", "a.c", "c+cpp", List.of(d));
    assertThat(LanguageProblems.toProblems(update))
        .extracting(Problem::message)
        .containsExactly("expected `int` found `str`");
  }
}
