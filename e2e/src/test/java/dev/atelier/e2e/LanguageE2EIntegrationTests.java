package dev.atelier.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Language intelligence in the workbench, in a real browser against the packaged server and the
 * real pylsp inside the workspace: typed code with an undefined name is underlined, completion
 * offers and inserts an item, F12 opens the definition in another file; a Java file without Eclipse
 * JDT LS installed says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LanguageE2EIntegrationTests {

  @RegisterExtension
  static final E2E e2e =
      E2E.browserTests()
          .requires(
              "pylsp is not installed (apt-get install python3-pylsp python3-pyflakes)",
              LanguageE2EIntegrationTests::pylspInstalled);

  private static final double SERVER_TIMEOUT_MS = 60_000;

  private static boolean pylspInstalled() throws Exception {
    Process probe =
        new ProcessBuilder("/usr/bin/python3", "-c", "import pylsp, pyflakes")
            .redirectErrorStream(true)
            .start();
    return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
  }

  @Test
  void diagnosticsCompletionAndGoToDefinitionInAPythonWorkspace() throws Exception {
    Page page = e2e.newPage();
    e2e.signInAsAdmin(page, "/");
    String workspaceId = E2E.createWorkspaceOnDashboard(page, "python", "e2e-language");
    Path root = e2e.server().home().resolve("workspaces").resolve(workspaceId);
    Files.writeString(root.resolve("util.py"), "def add(a, b):\n    return a + b\n");
    Files.writeString(root.resolve("main.py"), "from util import add\n\nprint(add(1, 2))\n");

    page.navigate(e2e.url("/workspaces/" + workspaceId + "#file=main.py"));
    Locator editor = page.locator("atelier-editor[path='main.py']");
    assertThat(editor).hasAttribute("connection", "synced");
    assertThat(editor).hasAttribute("lsp-language", "python");
    Locator content = editor.locator(".cm-content");
    assertThat(content).containsText("print(add(1, 2))");

    // Typed into the shared document; the gateway feeds it to pylsp, which reports the name.
    long typed = System.nanoTime();
    content.click();
    page.keyboard().press("Control+End");
    page.keyboard().type("print(undefined_name)\n");
    Locator squiggle = editor.locator(".cm-lintRange-error");
    assertThat(squiggle)
        .containsText(
            "undefined_name",
            new LocatorAssertions.ContainsTextOptions().setTimeout(SERVER_TIMEOUT_MS));
    System.out.printf(
        "language: squiggle %d ms after typing (includes starting pylsp)%n",
        (System.nanoTime() - typed) / 1_000_000);
    squiggle.hover();
    assertThat(page.locator(".cm-tooltip-lint")).containsText("undefined name 'undefined_name'");

    // Completion with documentation; Enter inserts the item.
    page.keyboard().type("import os\nos.pat");
    page.keyboard().press("Control+Space");
    Locator popup = page.locator(".cm-tooltip-autocomplete");
    assertThat(popup)
        .containsText(
            "pathsep", new LocatorAssertions.ContainsTextOptions().setTimeout(SERVER_TIMEOUT_MS));
    assertThat(popup.locator("li[aria-selected] .cm-completionLabel")).hasText("path");
    assertThat(page.locator(".cm-completionInfo")).containsText("pathname");
    // CodeMirror ignores Enter for a moment after the list was redrawn (it becomes a newline), and
    // a late answer to an earlier keystroke's request can redraw it: wait until it stands still.
    AtomicReference<String> shown = new AtomicReference<>();
    await("the completion list to stand still")
        .atMost(Duration.ofSeconds(5))
        .pollInSameThread() // Playwright is used from the thread that created it only
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              String now = popup.innerHTML();
              return now.equals(shown.getAndSet(now));
            });
    page.keyboard().press("Enter");
    assertThat(content).containsText("os.path");
    assertThat(popup).hasCount(0);

    // F12 on `add` (line 3) opens util.py where it is defined.
    editor.evaluate("e => e.reveal(3, 8)");
    page.keyboard().press("F12");
    assertThat(page.locator("#editor-tabs [data-path='util.py']")).isVisible();
    assertThat(page.locator("atelier-editor[path='util.py'] .cm-content"))
        .containsText("def add(a, b):");
  }

  @Test
  void aJavaFileWithoutJdtLanguageServerSaysItIsNotInstalled() throws Exception {
    Page page = e2e.newPage();
    e2e.signInAsAdmin(page, "/");
    String workspaceId = E2E.createWorkspaceOnDashboard(page, "java-maven", "e2e-java");
    Path root = e2e.server().home().resolve("workspaces").resolve(workspaceId);
    Files.writeString(root.resolve("App.java"), "class App {}\n");

    page.navigate(e2e.url("/workspaces/" + workspaceId + "#file=App.java"));
    assertThat(page.locator("atelier-editor[path='App.java']"))
        .hasAttribute("lsp-language", "java");
    // The gateway's message, as a notification of the page (and in the editor).
    assertThat(page.locator("vaadin-notification-card"))
        .containsText(
            "Java language server not installed (see docs",
            new LocatorAssertions.ContainsTextOptions().setTimeout(SERVER_TIMEOUT_MS));
  }
}
