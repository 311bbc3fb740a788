package dev.atelier.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser against the packaged server: sign in, create a workspace and
 * watch its phase change live (pushed, no reload), stop it; open a repository through a context
 * URL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardE2EIntegrationTests {

  // file:// is off by default (it would let users clone from the server's disk); the context URL
  // test clones a repository the test made on this machine.
  @RegisterExtension
  static final E2E e2e =
      E2E.browserTests()
          .serverArgs(
              "--atelier.workspace.allowed-repository-schemes=https,http,ssh,git,file",
              "--atelier.runtime.local.allow-local-repositories=true");

  @TempDir Path temp;

  private Page page;

  @BeforeEach
  void openPage() {
    page = e2e.newPage();
  }

  @Test
  void pythonWorkspaceReachesRunningLiveAndStops() throws Exception {
    signIn(page, "/");
    assertThat(page.locator("#dashboard")).isVisible();
    recordPhaseChanges(page);

    page.locator("#new-workspace").click();
    Locator dialog = page.locator("vaadin-dialog-overlay");
    assertThat(dialog).isVisible();
    chooseStack(page, "python");
    page.locator("#workspace-name input").fill("e2e-python");
    long created = System.nanoTime();
    page.locator("#create-workspace").click();

    Locator row =
        page.locator("[data-workspace-id]")
            .filter(new Locator.FilterOptions().setHasText("e2e-python"));
    assertThat(row).hasCount(1);
    String id = row.getAttribute("data-workspace-id");
    assertThat(row.locator("[data-phase]").first())
        .hasAttribute("data-phase", "RUNNING", running());
    System.out.printf(
        "python workspace RUNNING on the dashboard %d ms after Create%n",
        (System.nanoTime() - created) / 1_000_000);
    assertThat(row.locator("[data-testid=stack]")).hasText("Python");

    // The page was never reloaded, and the badge went through the start phases on its own.
    assertThat((Boolean) page.evaluate("() => window.__atelierNoReload === true")).isTrue();
    List<String> phases = phases(page, id);
    System.out.println("phases shown by the dashboard row: " + phases);
    assertThat(phases).contains("RUNNING");
    assertThat(phases.subList(0, phases.indexOf("RUNNING")))
        .as("phases shown before RUNNING: %s", phases)
        .isNotEmpty()
        .isSubsetOf("PENDING", "CREATING", "INITIALIZING");
    assertThat(row.locator("[theme~=success]")).hasText("Running");

    Files.createDirectories(E2E.SCREENSHOTS);
    page.screenshot(
        new Page.ScreenshotOptions()
            .setPath(E2E.SCREENSHOTS.resolve("dashboard.png"))
            .setFullPage(true));

    row.locator("[data-action=stop]").click();
    assertThat(row).hasAttribute("data-phase", "STOPPED", running());
    assertThat(row.locator("[theme~=contrast]").first()).hasText("Stopped");
    assertThat(row.locator("[data-action=start]")).isEnabled();
    assertThat(row.locator("[data-action=stop]")).isDisabled();
    assertThat((Boolean) page.evaluate("() => window.__atelierNoReload === true")).isTrue();
    assertThat(phases(page, id)).endsWith("STOPPED");

    row.locator("[data-action=delete]").click();
    page.locator("#confirm-delete-button").click();
    // Vaadin leaves the last row in the hidden table's DOM until the table shows again.
    assertThat(page.locator("[data-workspace-id='" + id + "']")).isHidden();
    assertThat(page.locator("#empty-state")).isVisible();
  }

  @Test
  void contextUrlCreatesAWorkspaceForTheRepository() throws Exception {
    Path bare =
        GitFixture.bareRepository(
            temp,
            "hello",
            Map.of(
                "main.py", "print('hello from the context URL')\n",
                "README.md", "# hello\n"));
    String repository = "file://" + bare.toAbsolutePath();

    // Anonymous: the server sends the browser to /login, keeping the fragment; after sign-in the
    // dashboard picks it up and hands it to /new, which asks to confirm; the confirmation creates
    // the workspace and opens its page.
    e2e.passLogin(page, "/#/" + repository, E2E.ADMIN, e2e.adminPassword());
    E2E.confirmNewWorkspace(page, repository, "Python");
    assertThat(page.locator("#workspace-title")).hasText("hello");
    assertThat(page.locator("#workspace-status [data-phase]"))
        .hasAttribute("data-phase", "RUNNING", running());
    // The cloned files open in the workbench's editor.
    page.evaluate("() => { location.hash = 'file=main.py'; }");
    assertThat(page.locator("#editor-tabs [data-path='main.py']")).isVisible();
    page.evaluate("() => { location.hash = 'file=README.md'; }");
    assertThat(page.locator("#editor-tabs [data-path='README.md']")).isVisible();

    // The dashboard (the workbench's brand link leads back) lists it with its repository, running.
    page.locator("#workbench-back").click();
    Locator row =
        page.locator("[data-workspace-id]")
            .filter(
                new Locator.FilterOptions()
                    .setHas(page.locator("[data-testid=repository][title='" + repository + "']")));
    assertThat(row).hasCount(1);
    assertThat(row).hasAttribute("data-phase", "RUNNING");
    assertThat(row.locator("[data-testid=stack]")).hasText("Python");
  }

  @Test
  void adminCreatesAUserWhoSeesOnlyTheirOwnWorkspacesAndNoAdminPages() {
    signIn(page, "/");
    page.locator("#nav-users").click();
    page.locator("#new-user").click();
    page.locator("#new-username input").fill("bob");
    page.locator("#new-display-name input").fill("Bob Builder");
    page.locator("#new-user-password input").fill("short");
    page.locator("#create-user").click();
    // The account service's rule comes back into the dialog, next to the field.
    assertThat(page.locator("#new-user-password")).hasAttribute("invalid", "");
    page.locator("#new-user-password input").fill("bob-password-1");
    page.locator("#create-user").click();
    assertThat(page.locator("#user-grid")).containsText("Bob Builder");

    // A plain context, as a second person would open the site.
    BrowserContext bobContext = e2e.browser().newContext();
    try {
      Page bob = bobContext.newPage();
      signIn(bob, "/", "bob", "bob-password-1");
      assertThat(bob.locator("#nav-workspaces")).isVisible();
      assertThat(bob.locator("#nav-users")).hasCount(0);
      assertThat(bob.locator("#empty-state")).isVisible();
      bob.navigate(e2e.url("/admin/users"));
      assertThat(bob.locator("#users")).hasCount(0);
      assertThat(bob.locator("#user-grid")).hasCount(0);
    } finally {
      bobContext.close();
    }
  }

  @Test
  void apiTokenFromTheProfileAuthenticatesRestCallsUntilRevoked() throws Exception {
    signIn(page, "/");
    page.locator("#nav-profile").click();
    page.locator("#token-name input").fill("e2e script");
    page.locator("#create-token").click();
    Locator secretField = page.locator("#token-secret input");
    assertThat(secretField).isVisible();
    String secret = secretField.inputValue();
    assertThat(secret).startsWith("atl_");
    page.locator("#token-done").click();
    assertThat(page.locator("#tokens")).containsText("e2e script");

    assertThat(getWorkspaces(secret)).isEqualTo(200);

    page.locator("#tokens [data-action=revoke]").first().click();
    page.locator("#confirm-revoke-button").click();
    // The grid keeps recycled cells in the DOM, hidden: only visible buttons count.
    assertThat(
            page.locator("#tokens [data-action=revoke]")
                .filter(new Locator.FilterOptions().setVisible(true)))
        .hasCount(0);
    assertThat(getWorkspaces(secret)).isEqualTo(401);
  }

  private int getWorkspaces(String token) throws Exception {
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(e2e.url("/api/workspaces")))
            .header("Authorization", "Bearer " + token)
            .build();
    return java.net.http.HttpClient.newHttpClient()
        .send(request, java.net.http.HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void crossSiteLinkToNewCreatesNothingWithoutTheConfirmation() {
    String repository = "https://example.com/attacker/repo.git";
    signIn(page, "/");
    assertThat(page.locator("#dashboard")).isVisible();
    Locator rows =
        page.locator("[data-workspace-id]").filter(new Locator.FilterOptions().setVisible(true));
    int before = rows.count();
    // Another site links (or redirects) the signed-in user to a context URL.
    Page other = page.context().newPage();
    other.setContent(
        "<a id='lure' href='" + e2e.url("/new?repository=" + repository) + "'>free stuff</a>");
    other.locator("#lure").click();
    other.waitForURL("**/new?**");
    assertThat(other.locator("#confirm-new-workspace")).isVisible();
    assertThat(other.locator("#confirm-repository")).hasText(repository);
    other.close();
    // Nothing was created: the dashboard, loaded afresh, has no workspace for that repository.
    page.reload();
    assertThat(page.locator("#dashboard")).isVisible();
    assertThat(page.locator("[data-testid=repository][title='" + repository + "']")).hasCount(0);
    assertThat(rows).hasCount(before);
  }

  @Test
  void wrongPasswordShowsAnErrorOnTheLoginPage() {
    page.navigate(e2e.url("/"));
    page.waitForURL("**/login**");
    E2E.fillLogin(page, E2E.ADMIN, "not-the-password");
    page.waitForURL("**/login?error**");
    assertThat(page.locator("#login-form")).hasAttribute("error", "");
    assertThat(page.locator("#login-form")).containsText("Wrong user name or password");

    // The attempt is in the sign-in audit log, which the admin reads in the admin pages.
    E2E.fillLogin(page, E2E.ADMIN, e2e.adminPassword());
    page.waitForURL(u -> !u.contains("/login"));
    page.locator("#nav-sign-ins").click();
    Locator grid = page.locator("#sign-in-grid");
    assertThat(grid.locator("[data-outcome=FAILURE]").first()).isVisible();
    assertThat(grid.locator("[data-outcome=SUCCESS]").first()).isVisible();
  }

  private void signIn(Page page, String path) {
    signIn(page, path, E2E.ADMIN, e2e.adminPassword());
  }

  private void signIn(Page page, String path, String username, String password) {
    e2e.passLogin(page, path, username, password);
    assertThat(page.locator("#user-menu")).isVisible();
  }

  private static void chooseStack(Page page, String stackId) {
    page.locator("#stack-picker").click();
    page.locator("vaadin-select-item:has([data-stack-id='" + stackId + "'])").click();
  }

  /**
   * Marks the window (a reload would lose the mark) and records every phase a workspace row shows,
   * in order, as the server pushes it. Several changes can land in one observer batch (a push
   * message processed with the response before it), so the value before each change comes from
   * {@code oldValue}, and the value after the batch from the element itself.
   */
  private static void recordPhaseChanges(Page page) {
    page.evaluate(
        "() => {"
            + " window.__atelierNoReload = true;"
            + " window.__atelierPhases = {};"
            + " const push = (id, phase) => {"
            + "   if (!id || !phase) return;"
            + "   const list = window.__atelierPhases[id] ||= [];"
            + "   if (list[list.length - 1] !== phase) list.push(phase);"
            + " };"
            + " new MutationObserver((mutations) => {"
            + "   const touched = new Set();"
            + "   const collect = (el) => {"
            + "     if (el && el.dataset && el.dataset.workspaceId) touched.add(el);"
            + "   };"
            + "   for (const m of mutations) {"
            + "     if (m.type === 'attributes') {"
            + "       collect(m.target);"
            + "       if (m.target.dataset.workspaceId) push(m.target.dataset.workspaceId, m.oldValue);"
            + "     }"
            + "     for (const n of m.addedNodes || []) {"
            + "       collect(n);"
            + "       if (n.querySelectorAll) n.querySelectorAll('[data-workspace-id]').forEach(collect);"
            + "     }"
            + "   }"
            + "   touched.forEach((el) => push(el.dataset.workspaceId, el.dataset.phase));"
            + " }).observe(document.body, {subtree: true, childList: true, attributes: true,"
            + "   attributeOldValue: true, attributeFilter: ['data-phase']});"
            + "}");
  }

  @SuppressWarnings("unchecked")
  private static List<String> phases(Page page, String workspaceId) {
    Object value = page.evaluate("(id) => window.__atelierPhases[id] || []", workspaceId);
    return (List<String>) value;
  }

  private static LocatorAssertions.HasAttributeOptions running() {
    return new LocatorAssertions.HasAttributeOptions().setTimeout(E2E.RUNNING_TIMEOUT_MS);
  }
}
