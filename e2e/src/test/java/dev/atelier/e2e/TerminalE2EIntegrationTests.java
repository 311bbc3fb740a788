package dev.atelier.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The workbench's Terminal, Build log and Problems tabs in a real browser against the packaged
 * server: a shell evaluates {@code echo $((6*7))} and its scrollback comes back after a reload; the
 * python stack's run task streams into the build log with its exit code; a traceback lands in
 * Problems and opens the file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TerminalE2EIntegrationTests {

  @RegisterExtension
  static final E2E e2e = E2E.browserTests().withAdminToken().assertionTimeout(20_000);

  private static final Pattern FORTY_TWO = Pattern.compile("^\\s*42\\s*$");

  private Page page;
  private String workspaceId;

  @BeforeAll
  void createWorkspace() throws Exception {
    workspaceId = e2e.api().createWorkspace("python", "e2e-terminal");
    e2e.api().awaitRunning(workspaceId);
  }

  @BeforeEach
  void openPage() {
    page = e2e.newPage();
    e2e.signInAsAdmin(page, "/");
  }

  @Test
  void terminalEvaluatesAndItsScrollbackSurvivesAReload() {
    page.navigate(e2e.url("/workspaces/" + workspaceId));
    // Clicking the tab also gives the page the keyboard focus the palette shortcut needs.
    page.locator("#bottom-tab-terminal").click();
    runCommand("New Terminal", "terminal.new");
    Locator terminal = page.locator("atelier-terminal:visible");
    assertThat(terminal).hasAttribute("connection", "open");
    terminal.click();
    page.keyboard().type("echo $((6*7))");
    page.keyboard().press("Enter");
    assertThat(rows(terminal).filter(new Locator.FilterOptions().setHasText(FORTY_TWO)))
        .not()
        .hasCount(0);

    page.reload();
    page.locator("#bottom-tab-terminal").click();
    Locator again = page.locator("atelier-terminal:visible");
    assertThat(again).hasAttribute("connection", "open");
    assertThat(rows(again).filter(new Locator.FilterOptions().setHasText(FORTY_TWO)))
        .not()
        .hasCount(0);
    assertThat(again.locator(".xterm-rows")).containsText("echo $((6*7))");
    // Still the same live shell after the reload.
    again.click();
    page.keyboard().type("echo again-$((40+2))");
    page.keyboard().press("Enter");
    assertThat(again.locator(".xterm-rows")).containsText("again-42");
    assertThat(page.locator(".atelier-terminal-tab")).hasCount(1);
  }

  @Test
  void runTaskStreamsIntoTheBuildLogAndATracebackOpensFromProblems() throws Exception {
    // The python stack's run task is `python3 main.py`; main.py runs hello.py.
    Path folder = e2e.server().home().resolve("workspaces").resolve(workspaceId);
    Files.writeString(folder.resolve("hello.py"), "print('Hello from hello.py', 6 * 7)\n");
    Files.writeString(folder.resolve("main.py"), "import hello\n");

    page.navigate(e2e.url("/workspaces/" + workspaceId));
    page.locator("#bottom-tab-build-log").click();
    page.locator("#task-run").click();
    Locator log = page.locator("#build-log .xterm-rows");
    assertThat(log).containsText("Hello from hello.py 42");
    assertThat(log).containsText("run exited with code 0");
    assertThat(page.locator("#task-status")).containsText("run: exited with code 0 in");

    Files.writeString(
        folder.resolve("hello.py"),
        "def greet():\n    return undefined_name\n\n\nprint(greet())\n");
    runCommand("Tasks: Run run", "tasks.run.run");
    assertThat(log).containsText("NameError: name 'undefined_name' is not defined");
    assertThat(page.locator("#task-status")).containsText("run: exited with code 1");

    page.locator("#bottom-tab-problems").click();
    Locator grid = page.locator("#problems-grid");
    assertThat(grid).containsText("NameError: name 'undefined_name' is not defined");
    assertThat(page.locator("#problems-summary")).hasText("1 error, 0 warnings");
    page.locator("#problems-grid vaadin-grid-cell-content")
        .filter(new Locator.FilterOptions().setHasText("NameError"))
        .first()
        .click();
    assertThat(page.locator("atelier-editor[path='hello.py']"))
        .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(20_000));
  }

  private static Locator rows(Locator terminal) {
    return terminal.locator(".xterm-rows > div");
  }

  private void runCommand(String query, String id) {
    page.keyboard().press("Control+Shift+P");
    Locator input = page.locator("#command-palette-input input");
    input.fill(query);
    // The list re-renders as the filter reaches the server: click once it shows only the match.
    Locator rows = page.locator("#command-palette-list [data-command-id]");
    assertThat(rows).hasCount(1);
    assertThat(rows.first()).hasAttribute("data-command-id", id);
    rows.first().click();
  }
}
