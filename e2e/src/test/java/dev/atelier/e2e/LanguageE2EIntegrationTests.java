package dev.atelier.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Language intelligence in the workbench, in a real browser against the packaged server and the
 * real pylsp inside the workspace: typed code with an undefined name is underlined, completion
 * offers and inserts an item, F12 opens the definition in another file; a Java file without Eclipse
 * JDT LS installed says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LanguageE2EIntegrationTests {

  static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  private static final String ADMIN_PASSWORD = "e2e-" + UUID.randomUUID();
  private static final double SERVER_TIMEOUT_MS = 60_000;

  private AtelierServer server;
  private Playwright playwright;
  private Browser browser;

  @BeforeAll
  void startServerAndBrowser() throws Exception {
    if (!Files.isExecutable(CHROMIUM)) {
      Assumptions.abort(CHROMIUM + " is not installed: skipping the browser tests.");
    }
    Process probe =
        new ProcessBuilder("/usr/bin/python3", "-c", "import pylsp, pyflakes")
            .redirectErrorStream(true)
            .start();
    if (!probe.waitFor(30, TimeUnit.SECONDS) || probe.exitValue() != 0) {
      Assumptions.abort("pylsp is not installed (apt-get install python3-pylsp python3-pyflakes)");
    }
    Path target = Files.createDirectories(Paths.get("target").toAbsolutePath());
    Path home = Files.createTempDirectory(target, "atelier-home-");
    System.out.println("ATELIER_HOME for the e2e server (server.log inside): " + home);
    server = AtelierServer.start(home, Map.of("ATELIER_ADMIN_PASSWORD", ADMIN_PASSWORD), List.of());
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM)
                    .setHeadless(true)
                    .setArgs(
                        List.of(
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--no-first-run")));
    PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
  }

  @AfterAll
  void stopServerAndBrowser() {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void diagnosticsCompletionAndGoToDefinitionInAPythonWorkspace() throws Exception {
    try (BrowserContext context =
        browser.newContext(new Browser.NewContextOptions().setViewportSize(1360, 820))) {
      context.setDefaultTimeout(20_000);
      Page page = context.newPage();
      signIn(page, server.baseUrl() + "/");
      String workspaceId = createPythonWorkspace(page);
      Path root = server.home().resolve("workspaces").resolve(workspaceId);
      Files.writeString(root.resolve("util.py"), "def add(a, b):\n    return a + b\n");
      Files.writeString(root.resolve("main.py"), "from util import add\n\nprint(add(1, 2))\n");

      page.navigate(server.baseUrl() + "/workspaces/" + workspaceId + "#file=main.py");
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
  }

  @Test
  void aJavaFileWithoutJdtLanguageServerSaysItIsNotInstalled() throws Exception {
    try (BrowserContext context =
        browser.newContext(new Browser.NewContextOptions().setViewportSize(1360, 820))) {
      context.setDefaultTimeout(20_000);
      Page page = context.newPage();
      signIn(page, server.baseUrl() + "/");
      String workspaceId = createWorkspace(page, "java-maven", "e2e-java");
      Path root = server.home().resolve("workspaces").resolve(workspaceId);
      Files.writeString(root.resolve("App.java"), "class App {}\n");

      page.navigate(server.baseUrl() + "/workspaces/" + workspaceId + "#file=App.java");
      assertThat(page.locator("atelier-editor[path='App.java']"))
          .hasAttribute("lsp-language", "java");
      // The gateway's message, as a notification of the page (and in the editor).
      assertThat(page.locator("vaadin-notification-card"))
          .containsText(
              "Java language server not installed (see docs",
              new LocatorAssertions.ContainsTextOptions().setTimeout(SERVER_TIMEOUT_MS));
    }
  }

  private static String createPythonWorkspace(Page page) {
    return createWorkspace(page, "python", "e2e-language");
  }

  private static String createWorkspace(Page page, String stack, String name) {
    page.locator("#new-workspace").click();
    page.locator("#stack-picker").click();
    page.locator("vaadin-select-item:has([data-stack-id='" + stack + "'])").click();
    page.locator("#workspace-name input").fill(name);
    page.locator("#create-workspace").click();
    Locator row =
        page.locator("[data-workspace-id]").filter(new Locator.FilterOptions().setHasText(name));
    assertThat(row).hasCount(1);
    assertThat(row.locator("[data-phase]").first())
        .hasAttribute(
            "data-phase",
            "RUNNING",
            new LocatorAssertions.HasAttributeOptions().setTimeout(120_000));
    return row.getAttribute("data-workspace-id");
  }

  private static void signIn(Page page, String url) {
    page.navigate(url);
    page.waitForURL("**/login**");
    page.locator("vaadin-text-field[name=username] input").fill("admin");
    page.locator("vaadin-password-field[name=password] input").fill(ADMIN_PASSWORD);
    page.locator("vaadin-password-field[name=password] input").press("Enter");
    page.waitForURL(u -> !u.contains("/login"));
    assertThat(page.locator("#user-menu")).isVisible();
  }
}
