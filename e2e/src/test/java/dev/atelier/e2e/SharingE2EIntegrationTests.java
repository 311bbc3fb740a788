package dev.atelier.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

/**
 * Sharing in two browser contexts against the packaged server: the owner creates a read-only link
 * in the share dialog; a guest without an account opens it, is sent to sign in, creates an account
 * (self-registration, turned on by the admin), signs in and lands on the workspace; the owner
 * revokes the link and the guest's page leaves the workspace at once; the link then shows why it no
 * longer works.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharingE2EIntegrationTests {

  static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  static final Path SCREENSHOTS = Paths.get("target", "screenshots");
  private static final String ADMIN_PASSWORD = "e2e-" + UUID.randomUUID();
  private static final String ADMIN_TOKEN = "atl_e2e-sharing-" + UUID.randomUUID();
  private static final ObjectMapper JSON = new ObjectMapper();

  private AtelierServer server;
  private Playwright playwright;
  private Browser browser;
  private final List<BrowserContext> contexts = new ArrayList<>();
  private final List<Page> pages = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void startServerAndBrowser() throws Exception {
    if (!Files.isExecutable(CHROMIUM)) {
      String reason =
          CHROMIUM
              + " is not installed: skipping the browser tests (apt-get install chromium;"
              + " .ci/run installs it).";
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
    PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
  }

  @AfterEach
  void closeContexts(TestInfo test) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    String name = test.getTestMethod().map(m -> m.getName()).orElse("test");
    for (int i = 0; i < pages.size(); i++) {
      if (!pages.get(i).isClosed()) {
        pages
            .get(i)
            .screenshot(
                new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + "-" + i + ".png")));
      }
    }
    for (BrowserContext context : contexts) {
      context.close();
    }
    contexts.clear();
    pages.clear();
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
  void guestSignsUpThroughAReadOnlyLinkAndIsShutOutWhenItIsRevoked() throws Exception {
    String workspaceId = createWorkspace("shared-demo");
    Page owner = newPage("owner");
    Page guest = newPage("guest");

    // Self-registration is off: the guest is told so.
    guest.navigate(server.baseUrl() + "/register");
    assertThat(guest.locator("#registration-disabled")).containsText("administrator");

    // The admin turns it on (Users page).
    signIn(owner, server.baseUrl() + "/admin/users", "admin", ADMIN_PASSWORD);
    owner.locator("#self-registration input").check();
    assertThat(owner.locator("vaadin-notification-card").first()).containsText("on");

    // The owner creates a read-only link from the dashboard.
    owner.navigate(server.baseUrl() + "/");
    Locator row = owner.locator("[data-workspace-id='" + workspaceId + "']");
    row.locator("[data-action=share]").click();
    assertThat(owner.locator("#share-role")).containsText("View only");
    owner.locator("#create-share").click();
    Locator url = owner.locator("#share-url input");
    assertThat(url).hasValue(java.util.regex.Pattern.compile(".*/share/[A-Za-z0-9_-]{43}$"));
    String link = url.inputValue();
    assertThat(link).startsWith(server.baseUrl());

    // The guest opens it, has no account, creates one, signs in and lands on the workspace.
    String guestName = "guest-" + UUID.randomUUID().toString().substring(0, 6);
    guest.navigate(link);
    guest.waitForURL("**/login**");
    guest.locator("#create-account").click();
    guest.locator("#register-username input").fill(guestName);
    guest.locator("#register-display-name input").fill("Grace Guest");
    guest.locator("#register-password input").fill("guest-password-1");
    guest.locator("#register-repeat input").fill("guest-password-1");
    guest.locator("#register-submit").click();
    guest.waitForURL("**/login?registered**");
    assertThat(guest.locator("#registered")).isVisible();
    guest.locator("vaadin-text-field[name=username] input").fill(guestName);
    guest.locator("vaadin-password-field[name=password] input").fill("guest-password-1");
    guest.locator("vaadin-password-field[name=password] input").press("Enter");
    guest.waitForURL(at("/workspaces/" + workspaceId));
    assertThat(guest.locator("#user-menu")).containsText("Grace Guest");
    assertThat(guest.locator("#workspace-title")).hasText("shared-demo");

    // The owner sees the guest, read-only.
    owner.locator("#share-close").click();
    row.locator("[data-action=share]").click();
    Locator people = owner.locator("#collaborators");
    assertThat(people).containsText("Grace Guest (" + guestName + ")");
    assertThat(people).containsText("View");
    // The guest's dashboard lists it under "Shared with me", to open only.
    guest.navigate(server.baseUrl() + "/");
    Locator shared = guest.locator("#shared-with-me [data-workspace-id='" + workspaceId + "']");
    assertThat(shared).containsText("shared-demo");
    assertThat(shared.locator("[data-testid=role]")).hasText("view only");
    shared.locator("[data-action=open]").click();
    guest.waitForURL(at("/workspaces/" + workspaceId));
    assertThat(guest.locator("#workspace-title")).hasText("shared-demo");

    // In the workbench both see each other; the read-only guest cannot change the text.
    awaitRunning(workspaceId);
    Path notes = server.home().resolve("workspaces").resolve(workspaceId).resolve("notes.txt");
    Files.writeString(notes, "shared text\n");
    Files.writeString(notes.resolveSibling("other.txt"), "the next slide\n");
    owner.locator("#share-close").click();
    owner.navigate(server.baseUrl() + "/workspaces/" + workspaceId + "#file=notes.txt");
    guest.navigate(server.baseUrl() + "/workspaces/" + workspaceId + "#file=notes.txt");
    Locator ownerPeople = showPeople(owner);
    Locator guestPeople = showPeople(guest);
    assertThat(ownerPeople.locator("li")).hasCount(2);
    assertThat(ownerPeople.locator("li:has-text('Grace Guest')"))
        .hasAttribute("data-file", "notes.txt");
    assertThat(guestPeople.locator("li")).hasCount(2);
    assertThat(guestPeople.locator("li:has-text('(you)')")).containsText("Grace Guest");

    Locator guestEditor = guest.locator("atelier-editor[path='notes.txt']");
    assertThat(guestEditor).hasAttribute("ready", "");
    assertThat(guestEditor).hasAttribute("read-only", "");
    guestEditor.locator(".cm-content").click();
    guest.keyboard().press("Control+End");
    guest.keyboard().type("guest was here");
    Locator ownerEditor = owner.locator("atelier-editor[path='notes.txt']");
    assertThat(ownerEditor).hasAttribute("ready", "");
    owner.waitForTimeout(800);
    assertThat(guestEditor.locator(".cm-content")).not().containsText("guest was here");
    assertThat(ownerEditor.locator(".cm-content")).not().containsText("guest was here");
    assertThat(Files.readString(notes)).isEqualTo("shared text\n");

    // Lecture mode: the owner asks everyone to follow; the guest's page follows to the next file.
    ownerPeople.locator("#lecture-start").click();
    assertThat(guestPeople.locator("[data-testid=lecture-banner]")).containsText("leading");
    assertThat(guestPeople.locator("li.other [data-testid=follow]")).hasText("Following");
    owner.evaluate("() => { location.hash = 'file=other.txt'; }");
    assertThat(guest.locator("atelier-editor[path='other.txt']")).isVisible();
    assertThat(guest.locator("atelier-editor[path='other.txt'] .cm-content"))
        .containsText("the next slide");
    ownerPeople.locator("#lecture-stop").click();
    assertThat(guestPeople.locator("[data-testid=lecture-banner]")).hasCount(0);
    assertThat(guestPeople.locator("li.other [data-testid=follow]")).hasText("Follow");
    owner.locator("#open-command-palette").click();
    owner.keyboard().type("Share");
    owner.keyboard().press("Enter");
    assertThat(owner.locator("#share-links")).isVisible();

    // Revoking the link ends the guest's page within moments (pushed, no reload).
    guest.evaluate("() => { window.__stillHere = true; }");
    long revoked = System.nanoTime();
    owner.locator("#share-links [data-testid=revoke]").first().click();
    guest.waitForURL(at("/access-ended"), new Page.WaitForURLOptions().setTimeout(5_000));
    System.out.printf(
        "revoke -> guest page left the workspace in %d ms%n",
        (System.nanoTime() - revoked) / 1_000_000);
    assertThat(guest.locator("#access-ended")).isVisible();
    // The grid keeps old cells in hidden rows; its size says how many people are left.
    owner.waitForFunction("() => document.querySelector('#collaborators').size === 0");
    assertThat(owner.locator("#share-links")).containsText("revoked");
    owner.locator("#share-close").click();
    // Its presence socket was closed too: the owner no longer sees the guest.
    assertThat(ownerPeople.locator("li")).hasCount(1);

    // The link now explains itself and grants nothing.
    guest.navigate(link);
    assertThat(guest.locator("#share-problem")).containsText("revoked");
    guest.navigate(server.baseUrl() + "/workspaces/" + workspaceId);
    assertThat(guest.locator("#workspace-missing")).isVisible();
  }

  /** A URL ending in {@code path}, with or without a query ({@code ?continue} after sign-in). */
  private static java.util.regex.Pattern at(String path) {
    return java.util.regex.Pattern.compile(
        ".*" + java.util.regex.Pattern.quote(path) + "(\\?.*)?$");
  }

  /** The presence list in the People side panel, opening the panel if it is closed. */
  private static Locator showPeople(Page page) {
    Locator view = page.locator("atelier-presence-view");
    page.locator("#activity-people").waitFor();
    if (!view.isVisible()) {
      page.locator("#activity-people").click();
    }
    assertThat(view).isVisible();
    return view;
  }

  private void awaitRunning(String workspaceId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    String phase = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(server.baseUrl() + "/api/workspaces/" + workspaceId))
                  .header("Authorization", "Bearer " + ADMIN_TOKEN)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      phase = JSON.readTree(response.body()).path("phase").asText();
      if (phase.equals("RUNNING")) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("workspace " + workspaceId + " is " + phase + ", not RUNNING");
  }

  private Page newPage(String who) {
    BrowserContext context =
        browser.newContext(new Browser.NewContextOptions().setViewportSize(1360, 820));
    context.setDefaultTimeout(20_000);
    contexts.add(context);
    Page page = context.newPage();
    page.onFrameNavigated(
        frame -> {
          if (frame.parentFrame() == null) {
            System.out.println(who + " navigated to " + frame.url());
          }
        });
    pages.add(page);
    return page;
  }

  private static void signIn(Page page, String url, String username, String password) {
    page.navigate(url);
    page.waitForURL("**/login**");
    page.locator("vaadin-text-field[name=username] input").fill(username);
    page.locator("vaadin-password-field[name=password] input").fill(password);
    page.locator("vaadin-password-field[name=password] input").press("Enter");
    page.waitForURL(u -> !u.contains("/login"));
    assertThat(page.locator("#user-menu")).isVisible();
  }

  /** Creates a workspace as the admin through the API (the dashboard flow has its own test). */
  private String createWorkspace(String name) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/workspaces"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"stack\":\"python\",\"name\":\"" + name + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JSON.readTree(response.body()).path("id").asText();
  }
}
