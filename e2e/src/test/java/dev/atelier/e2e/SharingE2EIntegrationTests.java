package dev.atelier.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sharing in two browser contexts against the packaged server: the owner creates a read-only link
 * in the share dialog; a guest without an account opens it, is sent to sign in, creates an account
 * (self-registration, turned on by the admin), signs in and lands on the workspace; the owner
 * revokes the link and the guest's page leaves the workspace at once; the link then shows why it no
 * longer works.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharingE2EIntegrationTests {

  @RegisterExtension static final E2E e2e = E2E.browserTests().withAdminToken();

  @Test
  void guestSignsUpThroughAReadOnlyLinkAndIsShutOutWhenItIsRevoked() throws Exception {
    String workspaceId = e2e.api().createWorkspace("python", "shared-demo");
    Page owner = e2e.newPage("owner");
    Page guest = e2e.newPage("guest");

    // Self-registration is off: the guest is told so.
    guest.navigate(e2e.url("/register"));
    assertThat(guest.locator("#registration-disabled")).containsText("administrator");

    // The admin turns it on (Users page).
    e2e.signInAsAdmin(owner, "/admin/users");
    owner.locator("#self-registration input").check();
    assertThat(owner.locator("vaadin-notification-card").first()).containsText("on");

    // The owner creates a read-only link from the dashboard.
    owner.navigate(e2e.url("/"));
    Locator row = owner.locator("[data-workspace-id='" + workspaceId + "']");
    row.locator("[data-action=share]").click();
    assertThat(owner.locator("#share-role")).containsText("View only");
    owner.locator("#create-share").click();
    Locator url = owner.locator("#share-url input");
    assertThat(url).hasValue(java.util.regex.Pattern.compile(".*/share/[A-Za-z0-9_-]{43}$"));
    String link = url.inputValue();
    assertThat(link).startsWith(e2e.server().baseUrl());

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
    E2E.fillLogin(guest, guestName, "guest-password-1");
    guest.waitForURL(at("/workspaces/" + workspaceId));
    assertThat(guest.locator("#workspace-title")).hasText("shared-demo");

    // The owner sees the guest, read-only.
    owner.locator("#share-close").click();
    row.locator("[data-action=share]").click();
    Locator people = owner.locator("#collaborators");
    assertThat(people).containsText("Grace Guest (" + guestName + ")");
    assertThat(people).containsText("View");
    // The guest's dashboard lists it under "Shared with me", to open only.
    guest.navigate(e2e.url("/"));
    Locator shared = guest.locator("#shared-with-me [data-workspace-id='" + workspaceId + "']");
    assertThat(shared).containsText("shared-demo");
    assertThat(shared.locator("[data-testid=role]")).hasText("view only");
    shared.locator("[data-action=open]").click();
    guest.waitForURL(at("/workspaces/" + workspaceId));
    assertThat(guest.locator("#workspace-title")).hasText("shared-demo");

    // In the workbench both see each other; the read-only guest cannot change the text.
    e2e.api().awaitRunning(workspaceId);
    Path notes =
        e2e.server().home().resolve("workspaces").resolve(workspaceId).resolve("notes.txt");
    Files.writeString(notes, "shared text\n");
    Files.writeString(notes.resolveSibling("other.txt"), "the next slide\n");
    owner.locator("#share-close").click();
    owner.navigate(e2e.url("/workspaces/" + workspaceId + "#file=notes.txt"));
    guest.navigate(e2e.url("/workspaces/" + workspaceId + "#file=notes.txt"));
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
    // The owner manages sharing from the workbench too: "Workspace: Share…" in the palette.
    owner.locator("#open-command-palette").click();
    Locator paletteInput = owner.locator("#command-palette-input input");
    paletteInput.fill("workspace share");
    assertThat(owner.locator("#command-palette-list [data-command-id]").first())
        .hasAttribute("data-command-id", "workspace.share");
    paletteInput.press("Enter");
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
    guest.navigate(e2e.url("/workspaces/" + workspaceId));
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
}
