package dev.atelier.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every browser test class needs around its scenarios: the packaged server, Debian's Chromium
 * driven by Playwright, signing in, and workspaces that are running. Registered on a static field,
 * so that it wraps the whole class:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final E2E e2e = E2E.browserTests().withAdminToken().assertionTimeout(20_000);
 * }</pre>
 *
 * <p>Before the class's tests it aborts them, printing why, when {@code /usr/bin/chromium} is
 * missing or a {@link #requires requirement} does not hold (so that neither costs a server start);
 * then starts the server with a fresh {@code ATELIER_HOME} under {@code target/} and a random admin
 * password, and launches Chromium. After each test, every page opened with {@link #newPage} leaves
 * a screenshot named after the test and its context is closed. After the class, the browser,
 * Playwright and the server are closed.
 *
 * <p>A class that needs a server per test, or one inside a single test, calls {@link #start},
 * {@link #closePages} and {@link #close} itself instead of registering the extension.
 */
final class E2E implements BeforeAllCallback, AfterEachCallback, AfterAllCallback, AutoCloseable {

  static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  static final Path SCREENSHOTS = Paths.get("target", "screenshots");

  /** The account the server creates at its first start from {@code ATELIER_ADMIN_PASSWORD}. */
  static final String ADMIN = "admin";

  /** Cloning, sandbox start-up and the stack's lifecycle commands on a busy 2-core machine. */
  static final double RUNNING_TIMEOUT_MS = 120_000;

  // As root in a container Chromium's own sandbox cannot start; headless needs no GPU; and its
  // background downloads (component updates, first-run pages) only add time and network traffic.
  private static final List<String> CHROMIUM_ARGS =
      List.of(
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--no-first-run");

  private final String adminPassword = "e2e-" + UUID.randomUUID();
  private String adminToken;
  private final List<String> serverArgs = new ArrayList<>();
  private final List<Requirement> requirements = new ArrayList<>();
  private double assertionTimeoutMs = 15_000;

  private AtelierServer server;
  private Playwright playwright;
  private Browser browser;
  private Api api;
  private final List<BrowserContext> contexts = new ArrayList<>();
  private final List<Page> pages = new ArrayList<>();

  private E2E() {}

  /** A server with an admin account and a browser; configure it further before it starts. */
  static E2E browserTests() {
    return new E2E();
  }

  /** Also provisions an API token for the admin ({@code ATELIER_ADMIN_TOKEN}), for {@link #api}. */
  E2E withAdminToken() {
    adminToken = "atl_e2e-" + UUID.randomUUID();
    return this;
  }

  /** Additional {@code --key=value} arguments for the server. */
  E2E serverArgs(String... args) {
    serverArgs.addAll(List.of(args));
    return this;
  }

  /** Playwright's default timeout for {@code assertThat(locator)} (15 s unless set). */
  E2E assertionTimeout(double millis) {
    assertionTimeoutMs = millis;
    return this;
  }

  /** Aborts the class's tests with {@code reason} unless {@code check} holds, as for Chromium. */
  E2E requires(String reason, Check check) {
    requirements.add(new Requirement(reason, check));
    return this;
  }

  /** A precondition of the tests (a tool installed on this machine). */
  @FunctionalInterface
  interface Check {
    boolean holds() throws Exception;
  }

  private record Requirement(String reason, Check check) {}

  /** Checks the requirements, starts the server and launches Chromium. */
  E2E start() throws Exception {
    abortUnless(
        Files.isExecutable(CHROMIUM),
        CHROMIUM
            + " is not installed: skipping the browser tests (apt-get install chromium;"
            + " .ci/run installs it).");
    for (Requirement requirement : requirements) {
      abortUnless(requirement.check().holds(), requirement.reason());
    }
    Map<String, String> env = new HashMap<>();
    env.put("ATELIER_ADMIN_PASSWORD", adminPassword);
    if (adminToken != null) {
      env.put("ATELIER_ADMIN_TOKEN", adminToken);
    }
    server = AtelierServer.start(AtelierServer.newHome("atelier-home-"), env, serverArgs);
    api = null; // bound to the previous server's port, if start() runs again
    // Playwright's driver would otherwise download its own browser builds on first use.
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
                    .setArgs(CHROMIUM_ARGS));
    PlaywrightAssertions.setDefaultAssertionTimeout(assertionTimeoutMs);
    return this;
  }

  private static void abortUnless(boolean holds, String reason) {
    if (!holds) {
      // Printed as well, for the console: otherwise the reason is only in Surefire's reports.
      System.out.println(reason);
      Assumptions.abort(reason);
    }
  }

  AtelierServer server() {
    return server;
  }

  /** {@code path} (starting with {@code /}) on the server. */
  String url(String path) {
    return server.baseUrl() + path;
  }

  /** The browser, for a context that {@link #newPage} does not fit; the test closes it. */
  Browser browser() {
    return browser;
  }

  String adminPassword() {
    return adminPassword;
  }

  String adminToken() {
    if (adminToken == null) {
      throw new IllegalStateException("no admin token: register the extension withAdminToken()");
    }
    return adminToken;
  }

  /** The REST API as the admin (needs {@link #withAdminToken}). */
  Api api() {
    if (api == null) {
      api = new Api(server, adminToken());
    }
    return api;
  }

  /** A page in a new browser context, screenshotted and closed after the test. */
  Page newPage() {
    return newPage(null);
  }

  /**
   * A page in a new browser context (its own cookies: one person), 1360×820 with a 20 s timeout for
   * actions. Its navigations go to the test output, prefixed with {@code who}: they explain most
   * failures at a glance. Screenshotted and closed after the test.
   */
  Page newPage(String who) {
    BrowserContext context =
        browser.newContext(new Browser.NewContextOptions().setViewportSize(1360, 820));
    context.setDefaultTimeout(20_000);
    contexts.add(context);
    Page page = context.newPage();
    String prefix = who == null ? "" : who + " ";
    page.onFrameNavigated(
        frame -> {
          if (frame.parentFrame() == null) {
            System.out.println(prefix + "navigated to " + frame.url());
          }
        });
    pages.add(page);
    return page;
  }

  /**
   * Saves a screenshot of each page {@link #newPage} opened, as {@code <test>.png} (one page) or
   * {@code <test>-<n>.png}, so that a failure can be looked at after the run; then closes their
   * contexts.
   */
  void closePages(String testName) throws IOException {
    try {
      for (int i = 0; i < pages.size(); i++) {
        Page page = pages.get(i);
        if (!page.isClosed()) {
          Files.createDirectories(SCREENSHOTS);
          String name = pages.size() == 1 ? testName : testName + "-" + i;
          page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
        }
      }
    } finally {
      // A failed screenshot must not leave people signed in for the next test.
      for (BrowserContext context : contexts) {
        context.close();
      }
      contexts.clear();
      pages.clear();
    }
  }

  /** Signs in as the admin at {@code path} and waits for the dashboard frame's user menu. */
  void signInAsAdmin(Page page, String path) {
    signIn(page, path, ADMIN, adminPassword);
  }

  /** {@link #passLogin}, then waits for the dashboard frame's user menu. */
  void signIn(Page page, String path, String username, String password) {
    passLogin(page, path, username, password);
    assertThat(page.locator("#user-menu")).isVisible();
  }

  /**
   * Opens {@code path} signed out, expects to be sent to the login page, signs in there and waits
   * until the browser has left it (for wherever the server sends it after sign-in).
   */
  void passLogin(Page page, String path, String username, String password) {
    page.navigate(url(path));
    page.waitForURL("**/login**");
    fillLogin(page, username, password);
    page.waitForURL(u -> !u.contains("/login"));
  }

  /**
   * On the context URL's confirmation page ({@code /new?repository=…}): checks what it offers and
   * presses "Create workspace", then waits for the workspace page.
   */
  static void confirmNewWorkspace(Page page, String repository, String stackName) {
    page.waitForURL("**/new?**");
    assertThat(page.locator("#confirm-repository")).hasText(repository);
    assertThat(page.locator("#confirm-stack")).hasText(stackName);
    page.locator("#confirm-create").click();
    page.waitForURL("**/workspaces/**");
  }

  /** Fills in the login form the page shows and submits it with Enter. */
  static void fillLogin(Page page, String username, String password) {
    page.locator("vaadin-text-field[name=username] input").fill(username);
    page.locator("vaadin-password-field[name=password] input").fill(password);
    page.locator("vaadin-password-field[name=password] input").press("Enter");
  }

  /**
   * Creates a workspace in the dashboard's "New workspace" dialog and waits until its row shows
   * {@code RUNNING}.
   *
   * @return the workspace's id
   */
  static String createWorkspaceOnDashboard(Page page, String stack, String name) {
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
            new LocatorAssertions.HasAttributeOptions().setTimeout(RUNNING_TIMEOUT_MS));
    return row.getAttribute("data-workspace-id");
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    closePages(context.getTestMethod().map(m -> m.getName()).orElse("test"));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** Closes the browser, Playwright and the server, each even if closing the one before failed. */
  @Override
  public void close() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      try {
        if (playwright != null) {
          playwright.close();
        }
      } finally {
        if (server != null) {
          server.close();
        }
      }
    }
  }

  /**
   * The REST API of one server process, authenticated with an API token (a restarted server listens
   * on another port: make a new one).
   */
  static final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String token;

    Api(AtelierServer server, String token) {
      this.baseUrl = server.baseUrl();
      this.token = token;
    }

    /**
     * Sends a JSON request ({@code body} may be null) and returns the JSON answer; fails the test
     * unless the status is 2xx.
     */
    JsonNode request(String method, String path, String body) throws Exception {
      HttpResponse<String> response = send(method, path, body);
      assertThat(response.statusCode())
          .as(method + " " + path + ": " + response.body())
          .isBetween(200, 299);
      return json(response);
    }

    /** POSTs {@code body} and fails the test unless the answer is 201 Created. */
    JsonNode create(String path, String body) throws Exception {
      HttpResponse<String> response = send("POST", path, body);
      assertThat(response.statusCode()).as("POST " + path + ": " + response.body()).isEqualTo(201);
      return json(response);
    }

    /** Creates a workspace (the dashboard flow has its own test); returns its id at once. */
    String createWorkspace(String stack, String name) throws Exception {
      return create("/api/workspaces", "{\"stack\":\"" + stack + "\",\"name\":\"" + name + "\"}")
          .path("id")
          .asText();
    }

    /** Polls the workspace until its phase is {@code RUNNING}; fails after two minutes. */
    void awaitRunning(String workspaceId) {
      await("workspace " + workspaceId + " RUNNING")
          .atMost(Duration.ofMillis((long) RUNNING_TIMEOUT_MS))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> request("GET", "/api/workspaces/" + workspaceId, null).path("phase").asText(),
              "RUNNING"::equals);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(baseUrl + path))
              // A bound, so that a server that stops answering fails the test instead of hanging
              // the build; generous, as every call here is quick on an idle machine.
              .timeout(Duration.ofSeconds(60))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body))
              .build();
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
      return response.body().isBlank() ? MissingNode.getInstance() : JSON.readTree(response.body());
    }
  }
}
