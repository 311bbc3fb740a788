package dev.atelier.example.hello;

import dev.atelier.extensions.AtelierExtension;
import dev.atelier.extensions.CommandContribution;
import dev.atelier.extensions.Contributions;
import dev.atelier.extensions.ProblemMatcherContribution;
import dev.atelier.extensions.ProblemMatcherContribution.MatchedProblem;
import dev.atelier.extensions.ProblemMatcherContribution.Severity;
import dev.atelier.extensions.StackContribution;
import dev.atelier.extensions.StatusItemContribution;
import dev.atelier.extensions.WorkspaceLifecycleListener;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example extension of docs/extensions.md: a command with a key binding, a status bar item that
 * runs it, a problem matcher for a toy linter's output, and a stack whose "lint" task prints it.
 * It compiles against the extension API alone.
 */
public final class HelloExtension implements AtelierExtension {

  /** {@code LINT main.py:3: a TODO is left}. */
  private static final Pattern LINT = Pattern.compile("^LINT (.+?):(\\d{1,9}): (.+)$");

  private final AtomicInteger running = new AtomicInteger();

  @Override
  public void contribute(Contributions c) {
    c.command(
        new CommandContribution(
            "hello.greet",
            "Hello: Greet",
            "Ctrl+Alt+H",
            true,
            ctx ->
                ctx.showMessage(
                    "Hello, " + ctx.userName() + ", from " + ctx.workspaceName() + "!")));
    c.statusItem(
        new StatusItemContribution(
            "hello.status",
            "Say hello",
            "hello.greet",
            0,
            ctx -> "Hello · " + running.get() + " running"));
    c.problemMatcher(
        new ProblemMatcherContribution(
            "hello-lint",
            paths ->
                (line, report) -> {
                  Matcher m = LINT.matcher(line);
                  if (m.matches()) {
                    paths
                        .relativize(m.group(1))
                        .ifPresent(
                            path ->
                                report.report(
                                    new MatchedProblem(
                                        path,
                                        Integer.parseInt(m.group(2)),
                                        0,
                                        Severity.WARNING,
                                        m.group(3),
                                        "hello-lint")));
                  }
                }));
    c.stack(StackContribution.fromResource(HelloExtension.class, "hello.json"));
    c.lifecycleListener(
        new WorkspaceLifecycleListener() {
          @Override
          public void started(String workspaceId) {
            running.incrementAndGet();
          }

          @Override
          public void stopped(String workspaceId) {
            running.updateAndGet(n -> Math.max(0, n - 1));
          }
        });
  }
}
