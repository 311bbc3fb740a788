package dev.atelier.server.language;

import dev.atelier.gateway.DiagnosticsUpdate;
import dev.atelier.gateway.LanguageGateway;
import dev.atelier.server.problems.Problem;
import dev.atelier.server.problems.WorkspaceProblems;
import java.util.List;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Feeds the Problems panel from language servers: each diagnostics publish replaces the problems of
 * that file under the producer {@code lsp:<server key>} ({@code lsp:python}, {@code lsp:c+cpp}),
 * once per publish whatever the number of connected editors. When a server stops, the gateway
 * clears its files and so do the problems. Files outside the workspace (a system header) are not
 * problems of the workspace and are left out.
 */
@Component
class LanguageProblems implements DisposableBean {

  static final String PRODUCER_PREFIX = "lsp:";

  private final WorkspaceProblems problems;
  private final AutoCloseable subscription;

  LanguageProblems(LanguageGateway gateway, WorkspaceProblems problems) {
    this.problems = problems;
    this.subscription = gateway.addDiagnosticsListener(this::onDiagnostics);
  }

  void onDiagnostics(DiagnosticsUpdate update) {
    if (update.path() == null) {
      return;
    }
    problems.replaceForFile(
        update.workspaceId(),
        PRODUCER_PREFIX + update.language(),
        update.path(),
        toProblems(update));
  }

  static List<Problem> toProblems(DiagnosticsUpdate update) {
    return update.diagnostics().stream().map(d -> toProblem(update, d)).toList();
  }

  private static Problem toProblem(DiagnosticsUpdate update, Diagnostic d) {
    int line = d.getRange() == null ? 1 : d.getRange().getStart().getLine() + 1;
    int column = d.getRange() == null ? 0 : d.getRange().getStart().getCharacter() + 1;
    String source =
        d.getSource() == null || d.getSource().isBlank() ? update.language() : d.getSource();
    return new Problem(update.path(), line, column, severity(d.getSeverity()), message(d), source);
  }

  /** LSP leaves a missing severity to the client; editors show it as an error. */
  private static Problem.Severity severity(DiagnosticSeverity severity) {
    if (severity == null || severity == DiagnosticSeverity.Error) {
      return Problem.Severity.ERROR;
    }
    return severity == DiagnosticSeverity.Warning
        ? Problem.Severity.WARNING
        : Problem.Severity.INFO;
  }

  private static String message(Diagnostic d) {
    if (d.getMessage() == null) {
      return "";
    }
    String text =
        d.getMessage().isLeft() ? d.getMessage().getLeft() : d.getMessage().getRight().getValue();
    return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  @Override
  public void destroy() throws Exception {
    subscription.close();
  }
}
