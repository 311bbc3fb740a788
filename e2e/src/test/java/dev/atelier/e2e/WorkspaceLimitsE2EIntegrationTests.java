package dev.atelier.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository whose stack file asks for 64 CPUs, 100 TiB and 4M processes: the workbench says what
 * this server limited, and an administrator's lower maximum on the admin page applies at the next
 * start, shown on the still open workbench.
 */
class WorkspaceLimitsE2EIntegrationTests {

  @RegisterExtension
  static final E2E e2e =
      E2E.browserTests()
          .withAdminToken()
          .serverArgs(
              "--atelier.workspace.allowed-repository-schemes=https,http,ssh,git,file",
              "--atelier.runtime.local.allow-local-repositories=true");

  @TempDir Path temp;

  @Test
  void theWorkbenchShowsTheClampAndTheAdminPageChangesIt() throws Exception {
    Path bare =
        GitFixture.bareRepository(
            temp,
            "hungry",
            Map.of(
                ".atelier/stack.json",
                "{\"customizations\": {\"atelier\": {\"resources\":"
                    + " {\"cpu\": 64, \"memory\": \"100Ti\", \"pids\": 4194304}}}}"));
    String id =
        e2e.api()
            .create(
                "/api/workspaces",
                "{\"stack\":\"python\",\"repository\":\"file://" + bare.toAbsolutePath() + "\"}")
            .path("id")
            .asText();
    e2e.api().awaitRunning(id);

    Page page = e2e.newPage("workbench");
    e2e.signInAsAdmin(page, "/");
    page.navigate(e2e.url("/workspaces/" + id));
    Locator limits = page.locator("#status-limits");
    assertThat(limits).hasAttribute("data-clamped", "true");
    assertThat(limits).containsText("(limited by this server)");
    assertThat(limits)
        .hasAttribute(
            "title",
            literal("Memory limited to 8 GiB by this server (the stack asked for 100 TiB)"));

    // The admin page refuses a default above its maximum and stores a lower maximum.
    Page admin = page.context().newPage();
    admin.navigate(e2e.url("/admin/limits"));
    admin.locator("#default-memory input").fill("16Gi");
    admin.locator("#save-limits").click();
    assertThat(admin.locator("#limits-error"))
        .containsText("Memory: the default (16 GiB) is above the maximum (8 GiB)");
    admin.locator("#default-memory input").fill("1Gi");
    admin.locator("#max-memory input").fill("4096Mi");
    admin.locator("#save-limits").click();
    assertThat(admin.locator("#limits-error")).isHidden();
    assertThat(admin.locator("#max-memory input")).hasValue("4Gi");

    // Stopped and started again: the open workbench shows the new ceiling.
    e2e.api().request("POST", "/api/workspaces/" + id + "/stop", null);
    assertThat(limits).isHidden();
    awaitPhase(id, "STOPPED");
    e2e.api().request("POST", "/api/workspaces/" + id + "/start", null);
    assertThat(limits)
        .hasAttribute(
            "title",
            literal("Memory limited to 4 GiB by this server (the stack asked for 100 TiB)"),
            new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions()
                .setTimeout(E2E.RUNNING_TIMEOUT_MS));
  }

  /** A pattern matching {@code text}; Playwright hands it to JavaScript, which has no quoting. */
  private static Pattern literal(String text) {
    return Pattern.compile(text.replaceAll("[\\[\\](){}.*+?^$|\\\\]", "\\\\$0"));
  }

  private static void awaitPhase(String id, String phase) {
    await("workspace " + id + " in phase " + phase)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> e2e.api().request("GET", "/api/workspaces/" + id, null).path("phase").asText(),
            phase::equals);
  }
}
