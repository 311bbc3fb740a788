package dev.atelier.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

/**
 * The workbench's Terminal, Build log and Problems tabs in a real browser against the packaged
 * server: a shell evaluates {@code echo $((6*7))} and its scrollback comes back after a reload; the
 * python stack's run task streams into the build log with its exit code; a traceback lands in
 * Problems and opens the file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TerminalE2EIntegrationTests {

  static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  static final Path SCREENSHOTS = Paths.get("target", "screenshots");
  private static final String ADMIN_PASSWORD = "e2e-" + UUID.randomUUID();
  private static final String ADMIN_TOKEN = "atl_e2e-terminal-" + UUID.randomUUID();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FORTY_TWO = Pattern.compile("^\\s*42\\s*$");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private AtelierServer server;
  private Playwright playwright;
  private Browser browser;
  private BrowserContext context;
  private Page page;
  private String workspaceId;

  @BeforeAll
  void startServerAndBrowser() throws Exception {
    if (!Files.isExecutable(CHROMIUM)) {
      String reason = CHROMIUM + " is not installed: skipping the browser tests.";
      System.out.println(reason);
      Assumptions.abort(reason);
    }
    Path target = Files.createDirectories(Paths.get("target").toAbsolutePath());
    Path home = Files.createTempDirectory(target, "atelier-home-");
    System.out.println("ATELIER_HOME for the e2e server (server.log inside): " + home);
    server =
        AtelierServer.start(
            home,
            Map.of("ATELIER_ADMIN_PASSWORD", ADMIN_PASSWORD, "ATELIER_ADMIN_TOKEN", ADMIN_TOKEN),
            List.of());
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
    PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    workspaceId =
        request("POST", "/api/workspaces", "{\"stack\":\"python\",\"name\":\"e2e-terminal\"}")
            .path("id")
            .asText();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!"RUNNING"
        .equals(request("GET", "/api/workspaces/" + workspaceId, null).path("phase").asText())) {
      assertThat(System.nanoTime()).as("workspace RUNNING in time").isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  @BeforeEach
  void openContext() {
    context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1360, 820));
    context.setDefaultTimeout(20_000);
    page = context.newPage();
    signIn(page, server.baseUrl() + "/");
  }

  @AfterEach
  void closeContext(TestInfo test) throws Exception {
    if (page != null && !page.isClosed()) {
      Files.createDirectories(SCREENSHOTS);
      String name = test.getTestMethod().map(m -> m.getName()).orElse("test");
      page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
    }
    if (context != null) {
      context.close();
    }
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
  void terminalEvaluatesAndItsScrollbackSurvivesAReload() {
    page.navigate(server.baseUrl() + "/workspaces/" + workspaceId);
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
    Path folder = server.home().resolve("workspaces").resolve(workspaceId);
    Files.writeString(folder.resolve("hello.py"), "print('Hello from hello.py', 6 * 7)\n");
    Files.writeString(folder.resolve("main.py"), "import hello\n");

    page.navigate(server.baseUrl() + "/workspaces/" + workspaceId);
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

  private JsonNode request(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + ADMIN_TOKEN)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isLessThan(300);
    return JSON.readTree(response.body());
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
