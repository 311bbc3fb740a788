package dev.atelier.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The explorer and the port preview in a real browser against the packaged server: create {@code
 * hello.py} in the explorer and see it open in the editor; start {@code python3 -m http.server} in
 * a terminal (through the terminal API the terminal panel uses), see the port in the Ports panel,
 * open its preview in a new tab and get the directory listing; a second user without access gets
 * 403 on the same preview URL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilesE2EIntegrationTests {

  private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  private static final String ADMIN_PASSWORD = "e2e-" + UUID.randomUUID();
  private static final String ADMIN_TOKEN = "atl_e2e-files-" + UUID.randomUUID();
  private static final double RUNNING_TIMEOUT_MS = 120_000;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private AtelierServer server;
  private Playwright playwright;
  private Browser browser;

  @BeforeAll
  void startServerAndBrowser() throws Exception {
    if (!Files.isExecutable(CHROMIUM)) {
      Assumptions.abort(CHROMIUM + " is not installed: skipping the browser tests.");
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
  }

  @AfterAll
  void stop() {
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
  void explorerCreatesAFileThatOpensAndThePortPreviewIsOnlyForThoseWithAccess() throws Exception {
    BrowserContext owner =
        browser.newContext(new Browser.NewContextOptions().setViewportSize(1360, 820));
    owner.setDefaultTimeout(20_000);
    Page page = owner.newPage();
    try {
      signIn(page, "admin", ADMIN_PASSWORD);
      String workspaceId = createPythonWorkspace(page);
      page.navigate(server.baseUrl() + "/workspaces/" + workspaceId);

      // New File in the explorer: the file exists on disk and opens in an editor tab.
      assertThat(page.locator("[data-testid=file-explorer]")).isVisible();
      page.locator("[data-testid=explorer-new-file]").click();
      page.locator("[data-testid=name-field] input").fill("hello.py");
      page.locator("[data-testid=name-ok]").click();
      assertThat(page.locator("atelier-editor[path='hello.py']")).hasAttribute("ready", "");
      assertThat(page.locator("[data-testid=explorer-item][data-path='hello.py']")).isVisible();
      Path hello = server.home().resolve("workspaces").resolve(workspaceId).resolve("hello.py");
      assertThat(hello).exists();

      // A file created on disk (by a process) shows up in the tree by itself.
      Files.writeString(hello.resolveSibling("from_disk.txt"), "made outside the IDE\n");
      assertThat(page.locator("[data-testid=explorer-item][data-path='from_disk.txt']"))
          .isVisible();

      // python3 -m http.server in a terminal of the workspace.
      int port = previewPort();
      runInTerminal(workspaceId, "python3 -m http.server " + port + "\r");
      page.keyboard().press("Control+Shift+P");
      page.locator("#command-palette-input input").fill("Show Ports");
      page.locator("#command-palette-list [data-command-id='view.bottom.ports']").click();
      Locator preview = page.locator("[data-testid=port-preview-" + port + "]");
      assertThat(preview).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
      assertThat(page.locator("[data-testid=ports-panel]")).containsText("python3");

      Page tab = owner.waitForPage(preview::click);
      tab.waitForLoadState();
      assertThat(tab.url()).endsWith("/w/" + workspaceId + "/port/" + port + "/");
      assertThat(tab.locator("body")).containsText("Directory listing");
      assertThat(tab.locator("a[href='hello.py']")).isVisible();
      String previewUrl = tab.url();

      // Another user, signed in, without access to the workspace.
      createUser("stranger", "stranger-password-1");
      BrowserContext other = browser.newContext();
      try {
        Page strangerPage = other.newPage();
        signIn(strangerPage, "stranger", "stranger-password-1");
        Response denied = strangerPage.navigate(previewUrl);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(strangerPage.locator("body")).not().containsText("hello.py");
      } finally {
        other.close();
      }
    } finally {
      owner.close();
    }
  }

  /** 8000 as in the issue, unless something else on this machine holds it. */
  private static int previewPort() throws IOException {
    try (ServerSocket probe = new ServerSocket(8000)) {
      return 8000;
    } catch (IOException taken) {
      try (ServerSocket any = new ServerSocket(0)) {
        return any.getLocalPort();
      }
    }
  }

  /** Opens a terminal through the terminal API and types {@code input} into it. */
  private void runInTerminal(String workspaceId, String input) throws Exception {
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(server.baseUrl() + "/api/workspaces/" + workspaceId + "/terminals"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"preview\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(created.body());
    assertThat(id.find()).isTrue();
    WebSocket socket =
        http.newWebSocketBuilder()
            .buildAsync(
                URI.create(
                    server.baseUrl().replace("http", "ws")
                        + "/terminal/"
                        + workspaceId
                        + "/"
                        + id.group(1)
                        + "?token="
                        + ADMIN_TOKEN),
                new WebSocket.Listener() {})
            .get(20, TimeUnit.SECONDS);
    socket
        .sendBinary(ByteBuffer.wrap(input.getBytes(StandardCharsets.UTF_8)), true)
        .get(10, TimeUnit.SECONDS);
    // the terminal keeps running after this socket closes (it survives reloads)
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
  }

  private void createUser(String username, String password) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/users"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\""
                            + username
                            + "\",\"password\":\""
                            + password
                            + "\",\"admin\":false}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  private String createPythonWorkspace(Page page) {
    page.locator("#new-workspace").click();
    page.locator("#stack-picker").click();
    page.locator("vaadin-select-item:has([data-stack-id='python'])").click();
    page.locator("#workspace-name input").fill("e2e-files");
    page.locator("#create-workspace").click();
    Locator row =
        page.locator("[data-workspace-id]")
            .filter(new Locator.FilterOptions().setHasText("e2e-files"));
    assertThat(row).hasCount(1);
    assertThat(row.locator("[data-phase]").first())
        .hasAttribute(
            "data-phase",
            "RUNNING",
            new LocatorAssertions.HasAttributeOptions().setTimeout(RUNNING_TIMEOUT_MS));
    return row.getAttribute("data-workspace-id");
  }

  private void signIn(Page page, String username, String password) {
    page.navigate(server.baseUrl() + "/");
    page.waitForURL("**/login**");
    page.locator("vaadin-text-field[name=username] input").fill(username);
    page.locator("vaadin-password-field[name=password] input").fill(password);
    page.locator("vaadin-password-field[name=password] input").press("Enter");
    page.waitForURL(u -> !u.contains("/login"));
    assertThat(page.locator("#user-menu")).isVisible();
  }
}
