package dev.atelier.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The workbench in a real browser against the packaged server: open a file of a python workspace
 * through the URL, type into the collaborative editor and find the text in the file on disk, switch
 * the theme, run a command from the palette; binary and large files. Prints the time from
 * navigation to an editor that accepts input and the gzipped size of the JavaScript the page loads
 * (README, Performance).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkbenchE2EIntegrationTests {

  @RegisterExtension static final E2E e2e = E2E.browserTests();

  private Page page;
  private String workspaceId;

  @BeforeEach
  void openPage() {
    page = e2e.newPage();
    e2e.signInAsAdmin(page, "/");
    // Made once, in the first test's page: the tests share it, each with files of its own.
    if (workspaceId == null) {
      workspaceId = E2E.createWorkspaceOnDashboard(page, "python", "e2e-workbench");
    }
  }

  @Test
  void typedTextReachesTheFileAndThemeAndPaletteWork() throws Exception {
    Path file = workspaceFile("hello.py");
    Files.writeString(file, "print('hello')\n");

    // Measured in the browser, from the start of the navigation to the moment the editor marks
    // itself ready (accepts input), recorded by an observer installed before the page loads.
    page.addInitScript(
        "new MutationObserver((records) => {"
            + "  for (const r of records) {"
            + "    if (r.attributeName === 'ready' && r.target.localName === 'atelier-editor'"
            + "        && r.target.hasAttribute('ready') && window.__editorReadyAt === undefined) {"
            + "      window.__editorReadyAt = performance.now();"
            + "    }"
            + "  }"
            + "}).observe(document, {subtree: true, attributes: true, attributeFilter: ['ready']});");
    Map<String, Integer> scripts = recordScripts(page);
    page.navigate(e2e.url("/workspaces/" + workspaceId + "?file=hello.py"));
    Locator editor = page.locator("atelier-editor[path='hello.py']");
    assertThat(editor).hasAttribute("ready", "");
    Number readyMs = (Number) page.evaluate("() => window.__editorReadyAt");
    Locator content = editor.locator(".cm-content");
    assertThat(content).hasAttribute("contenteditable", "true");
    assertThat(content).containsText("print('hello')");
    System.out.printf(
        "workbench: editor accepts input %.0f ms after navigation%n", readyMs.doubleValue());
    System.out.println(
        "workbench: editor stages (ms since navigation) "
            + page.evaluate(
                "() => performance.getEntriesByType('mark')"
                    + ".filter(m => m.name.startsWith('atelier-editor:'))"
                    + ".map(m => m.name.replace('atelier-editor:', '') + '=' + Math.round(m.startTime))"
                    + ".join(', ')"));
    int gzipped = scripts.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf(
        "workbench: %d JavaScript files loaded, %.1f KB gzipped: %s%n",
        scripts.size(), gzipped / 1024.0, scripts.keySet());
    assertThat(editor).hasAttribute("connection", "synced");
    assertThat(page.locator("#status-connection")).hasAttribute("data-state", "synced");
    assertThat(page.locator("#editor-tabs [data-path='hello.py']")).isVisible();
    // The built-in python stack (2 CPUs, 2 GiB, 512 processes) is within the server's maximums.
    assertThat(page.locator("#status-limits")).isVisible();
    assertThat(page.locator("#status-limits")).hasAttribute("data-clamped", "false");

    // Typed at the end of the file; the hub writes the room's text to the file within a second.
    content.click();
    page.keyboard().press("Control+End");
    page.keyboard().type("print('typed in the browser')");
    long typed = System.nanoTime();
    awaitFileContains(file, "print('typed in the browser')", 1_000);
    System.out.printf(
        "workbench: typed text on disk %d ms after the last keystroke was sent%n",
        (System.nanoTime() - typed) / 1_000_000);
    assertThat(Files.readString(file)).startsWith("print('hello')\n");

    // The active file is in the URL (the page path unchanged), so a reload reopens it.
    assertThat(page).hasURL(e2e.url("/workspaces/" + workspaceId + "?file=hello.py"));

    // Theme: dark for the page (Lumo) and the editor, remembered across a reload.
    assertThat(page.locator("#theme-toggle")).hasAttribute("data-theme", "light");
    page.locator("#theme-toggle").click();
    assertThat(editor).hasAttribute("theme", "dark");
    assertThat(page.locator("#theme-toggle")).hasAttribute("data-theme", "dark");
    assertThat((String) page.evaluate("() => document.body.getAttribute('theme') || ''"))
        .contains("dark");
    page.reload();
    assertThat(page.locator("atelier-editor[path='hello.py']")).hasAttribute("ready", "");
    System.out.printf(
        "workbench: after a reload (warm browser cache) the editor accepts input %.0f ms after"
            + " navigation%n",
        ((Number) page.evaluate("() => window.__editorReadyAt")).doubleValue());
    assertThat(page.locator("atelier-editor[path='hello.py']")).hasAttribute("theme", "dark");
    assertThat(page.locator("atelier-editor[path='hello.py'] .cm-content"))
        .containsText("typed in the browser");

    // The palette, from the keyboard inside the editor: filter fuzzily, run with Enter.
    page.locator("atelier-editor[path='hello.py'] .cm-content").click();
    page.keyboard().press("Control+Shift+P");
    Locator input = page.locator("#command-palette-input input");
    assertThat(input).isFocused();
    assertThat(page.locator("#command-palette-list [data-command-id='workbench.commands']"))
        .isVisible();
    input.fill("tgl theme");
    assertThat(page.locator("#command-palette-list [data-command-id]").first())
        .hasAttribute("data-command-id", "preferences.toggleTheme");
    input.press("Enter");
    assertThat(page.locator("#command-palette")).hasCount(0);
    assertThat(page.locator("atelier-editor[path='hello.py']")).hasAttribute("theme", "light");
    assertThat(page.locator("#theme-toggle")).hasAttribute("data-theme", "light");
  }

  @Test
  void tabsCloseAndReopenAndBinaryAndLargeFilesAreNotCoEdited() throws Exception {
    Files.writeString(workspaceFile("a.py"), "a = 1\n");
    Files.writeString(workspaceFile("b.md"), "# b\n");
    Files.write(workspaceFile("logo.bin"), new byte[] {1, 0, 2, 0, 3});
    String line = "x".repeat(99) + "\n";
    Files.writeString(workspaceFile("big.txt"), line.repeat(60_000)); // 6 MB

    page.navigate(e2e.url("/workspaces/" + workspaceId + "?file=a.py"));
    assertThat(page.locator("atelier-editor[path='a.py']")).hasAttribute("ready", "");
    openByFragment("b.md");
    assertThat(page.locator("#editor-tabs [data-path]")).hasCount(2);
    assertThat(page.locator("atelier-editor[path='b.md'] .cm-content")).containsText("# b");

    // Closing b.md shows a.py again; the palette's "Reopen Closed Editor" brings b.md back.
    page.locator("#editor-tabs [data-path='b.md'] .atelier-tab-close").click();
    assertThat(page.locator("#editor-tabs [data-path]")).hasCount(1);
    assertThat(page.locator("atelier-editor[path='a.py']")).isVisible();
    runCommand("reopen closed", "view.reopenClosedEditor");
    assertThat(page.locator("#editor-tabs [data-path='b.md']")).isVisible();
    assertThat(page.locator("atelier-editor[path='b.md']")).isVisible();
    // Middle click closes too.
    page.locator("#editor-tabs [data-path='b.md']")
        .click(
            new Locator.ClickOptions()
                .setButton(com.microsoft.playwright.options.MouseButton.MIDDLE));
    assertThat(page.locator("#editor-tabs [data-path='b.md']")).hasCount(0);

    openByFragment("logo.bin");
    Locator notice = page.locator("[data-path='logo.bin'] [data-testid=editor-notice]");
    assertThat(notice).containsText("binary file");
    assertThat(page.locator("[data-path='logo.bin'] a[download]")).isVisible();
    assertThat(page.locator("atelier-editor[path='logo.bin']")).hasCount(0);

    openByFragment("big.txt");
    assertThat(page.locator("[data-path='big.txt'] [data-testid=editor-notice]"))
        .containsText("read-only");
    Locator big = page.locator("atelier-editor[path='big.txt']");
    assertThat(big).hasAttribute("read-only", "");
    assertThat(big).hasAttribute("standalone", "");
    assertThat(big.locator(".cm-content")).hasAttribute("contenteditable", "false");

    // A path that does not exist says so.
    openByFragment("missing.py");
    assertThat(
            page.locator("vaadin-notification-card")
                .filter(new Locator.FilterOptions().setHasText("missing.py")))
        .containsText("no file or folder 'missing.py'");
    // The other tabs are still there.
    assertThat(page.locator("#editor-tabs [data-path]")).hasCount(3);
  }

  /** Opens a file the way an in-page link does: through the URL fragment. */
  private void openByFragment(String path) {
    page.evaluate("p => { location.hash = 'file=' + p; }", path);
  }

  private void runCommand(String query, String id) {
    page.keyboard().press("Control+Shift+P");
    Locator input = page.locator("#command-palette-input input");
    input.fill(query);
    page.locator("#command-palette-list [data-command-id='" + id + "']").click();
  }

  private Path workspaceFile(String name) {
    return e2e.server().home().resolve("workspaces").resolve(workspaceId).resolve(name);
  }

  private static void awaitFileContains(Path file, String text, long timeoutMs) {
    await()
        .atMost(Duration.ofMillis(timeoutMs))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(
            () ->
                assertThat(Files.readString(file, StandardCharsets.UTF_8))
                    .as("'%s' reaching %s", text, file)
                    .contains(text));
  }

  /** The gzipped size of each JavaScript file the page loads (as a browser would receive it). */
  private static Map<String, Integer> recordScripts(Page page) {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    page.onResponse(
        (Response response) -> {
          String url = response.url();
          if (url.matches(".*\\.m?js(\\?.*)?$") && response.status() == 200) {
            try {
              sizes.put(url.replaceAll(".*/", ""), gzipSize(response.body()));
            } catch (RuntimeException | IOException e) {
              System.out.println("could not size " + url + ": " + e.getMessage());
            }
          }
        });
    return sizes;
  }

  private static int gzipSize(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(body);
    }
    return out.size();
  }
}
