package dev.atelier.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two people in one file, each in their own browser context and account: the owner and a guest
 * admitted by a read-write link type into the same file at the same time and both editors converge
 * on one text that also reaches the file; each sees the other's cursor labelled with their name; a
 * line appended to the file by a shell process shows up in both editors. Presence: the People panel
 * shows where each person's cursor is, live, and clicking a person opens their file with one's own
 * cursor put at theirs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CollaborationE2EIntegrationTests {

  @RegisterExtension static final E2E e2e = E2E.browserTests().withAdminToken();

  private static final String GUEST_PASSWORD = "guest-" + UUID.randomUUID();

  @Test
  void ownerAndGuestTypeConcurrentlyAndConvergeWithLabelledCursorsAndDiskEdits() throws Exception {
    String workspaceId = e2e.api().createWorkspace("python", "pair");
    e2e.api().awaitRunning(workspaceId);
    e2e.api()
        .request(
            "POST",
            "/api/users",
            "{\"username\":\"bob\",\"password\":\""
                + GUEST_PASSWORD
                + "\",\"displayName\":\"Bob\"}");
    String share =
        e2e.api()
            .request("POST", "/api/workspaces/" + workspaceId + "/shares", "{\"role\":\"WRITE\"}")
            .path("path")
            .asText();
    Path file = e2e.server().home().resolve("workspaces").resolve(workspaceId).resolve("notes.txt");
    Files.writeString(file, "start\n");

    String fileUrl = e2e.url("/workspaces/" + workspaceId + "?file=notes.txt");
    Page owner = signedIn(E2E.ADMIN, e2e.adminPassword(), "/");
    owner.navigate(fileUrl);
    Page guest = signedIn("bob", GUEST_PASSWORD, share);
    guest.waitForURL("**/workspaces/" + workspaceId + "**");
    guest.navigate(fileUrl);

    Locator ownerText = editorText(owner);
    Locator guestText = editorText(guest);
    ownerText.click();
    owner.keyboard().press("Control+End");
    guestText.click();
    guest.keyboard().press("Control+End");

    // Interleaved keystrokes at the same spot, neither side waiting for the other's to arrive.
    String ownerWords = "alpha beta gamma ";
    String guestWords = "one two three ";
    for (int i = 0; i < Math.max(ownerWords.length(), guestWords.length()); i++) {
      if (i < ownerWords.length()) {
        owner.keyboard().type(String.valueOf(ownerWords.charAt(i)));
      }
      if (i < guestWords.length()) {
        guest.keyboard().type(String.valueOf(guestWords.charAt(i)));
      }
    }

    String converged = awaitSameText(owner, guest);
    assertThat(converged).startsWith("start\n");
    assertThat(lettersOf(converged)).isEqualTo(lettersOf("start\n" + ownerWords + guestWords));
    // Each person's own keystrokes stay in order (a CRDT interleaves, it never reorders).
    assertThat(converged.replaceAll("[^a-z ]", "")).contains("alpha").doesNotContain("ahpla");
    awaitFile(file, converged);

    // Each sees the other's cursor with the other's name.
    assertThat(
            owner
                .locator(".cm-ySelectionInfo")
                .filter(new Locator.FilterOptions().setHasText("Bob")))
        .hasCount(1);
    assertThat(
            guest
                .locator(".cm-ySelectionInfo")
                .filter(new Locator.FilterOptions().setHasText("admin")))
        .hasCount(1);

    // A process in the workspace appends a line (as `echo >>` in a terminal would): both editors
    // show it without losing what was typed.
    Process echo =
        new ProcessBuilder("sh", "-c", "echo from-the-shell >> notes.txt")
            .directory(file.getParent().toFile())
            .inheritIO()
            .start();
    assertThat(echo.waitFor()).isZero();
    assertThat(ownerText).containsText("from-the-shell");
    assertThat(guestText).containsText("from-the-shell");
    assertThat(awaitSameText(owner, guest)).isEqualTo(converged + "from-the-shell\n");
  }

  @Test
  void clickingAPersonInThePeoplePanelOpensTheirFileAtTheirCursor() throws Exception {
    String workspaceId = e2e.api().createWorkspace("python", "jump");
    e2e.api().awaitRunning(workspaceId);
    String guestName = "carol-" + UUID.randomUUID().toString().substring(0, 6);
    e2e.api()
        .request(
            "POST",
            "/api/users",
            "{\"username\":\""
                + guestName
                + "\",\"password\":\""
                + GUEST_PASSWORD
                + "\",\"displayName\":\"Carol\"}");
    // View only: jumping to someone and being shown to them needs no write access.
    String share =
        e2e.api()
            .request("POST", "/api/workspaces/" + workspaceId + "/shares", "{\"role\":\"READ\"}")
            .path("path")
            .asText();
    Path root = e2e.server().home().resolve("workspaces").resolve(workspaceId);
    StringBuilder app = new StringBuilder();
    for (int i = 1; i <= 80; i++) {
      app.append("row_").append(i).append(" = ").append(i).append('\n');
    }
    Files.createDirectories(root.resolve("src"));
    Files.writeString(root.resolve("src/app.py"), app);
    Files.writeString(root.resolve("notes.txt"), "start\n");

    // The owner puts the cursor on line 40, column 5, far below what a fresh editor shows.
    String base = e2e.url("/workspaces/" + workspaceId);
    Page owner = signedIn(E2E.ADMIN, e2e.adminPassword(), "/");
    owner.navigate(base + "?file=src/app.py");
    Locator ownerEditor = owner.locator("atelier-editor[path='src/app.py']");
    assertThat(ownerEditor).hasAttribute("ready", "");
    ownerEditor.locator(".cm-content").click();
    owner.keyboard().press("Control+Home");
    for (int i = 1; i < 40; i++) {
      owner.keyboard().press("ArrowDown");
    }
    for (int i = 1; i < 5; i++) {
      owner.keyboard().press("ArrowRight");
    }
    assertThat(cursorOf(owner, "src/app.py")).isEqualTo("40:5");

    // The guest, in another file, sees where the owner is.
    Page guest = signedIn(guestName, GUEST_PASSWORD, share);
    guest.waitForURL("**/workspaces/" + workspaceId + "**");
    guest.navigate(base + "?file=notes.txt");
    assertThat(guest.locator("atelier-editor[path='notes.txt']")).hasAttribute("ready", "");
    Locator guestPeople = showPeople(guest);
    Locator ownerEntry = guestPeople.locator("li.other");
    assertThat(ownerEntry).hasCount(1);
    assertThat(ownerEntry).hasAttribute("data-file", "src/app.py");
    assertThat(ownerEntry.locator("[data-testid=file]")).hasText("src/app.py:40");

    // It follows the owner's cursor live: the last of a burst of moves always arrives.
    owner.keyboard().press("ArrowDown");
    owner.keyboard().press("ArrowDown");
    assertThat(cursorOf(owner, "src/app.py")).isEqualTo("42:5");
    assertThat(ownerEntry.locator("[data-testid=file]")).hasText("src/app.py:42");
    assertThat(ownerEntry).hasAttribute("data-column", "5");

    // Clicking the owner opens their file with the guest's cursor at theirs, scrolled into view.
    ownerEntry.locator(".name").click();
    Locator guestEditor = guest.locator("atelier-editor[path='src/app.py']");
    assertThat(guestEditor).isVisible();
    assertThat(guestEditor).hasAttribute("ready", "");
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInSameThread() // Playwright is used from the thread that created it only
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () ->
                assertThat(cursorOf(guest, "src/app.py"))
                    .as("the guest's cursor after clicking the owner")
                    .isEqualTo("42:5"));
    // Line 42 is far below a fresh editor's first screen: it is shown only if the jump scrolled.
    guest.waitForFunction(
        "path => { const view = document.querySelector(`atelier-editor[path='${path}']`).editorView;"
            + " const at = view.coordsAtPos(view.state.selection.main.head);"
            + " const box = view.scrollDOM.getBoundingClientRect();"
            + " return at !== null && at.top >= box.top && at.bottom <= box.bottom; }",
        "src/app.py");
    // And the guest's new place reaches the owner's People panel in turn.
    Locator guestEntry = showPeople(owner).locator("li.other");
    assertThat(guestEntry.locator("[data-testid=file]")).hasText("src/app.py:42");
  }

  /** The People side panel's list, opening the panel if it is closed. */
  private static Locator showPeople(Page page) {
    Locator view = page.locator("atelier-presence-view");
    page.locator("#activity-people").waitFor();
    if (!view.isVisible()) {
      page.locator("#activity-people").click();
    }
    assertThat(view).isVisible();
    return view;
  }

  /** Where the main cursor of {@code path}'s editor is, as "line:column" (1-based). */
  private static String cursorOf(Page page, String path) {
    return (String)
        page.evaluate(
            "path => { const view = document.querySelector(`atelier-editor[path='${path}']`)"
                + "?.editorView; if (!view) return 'no editor';"
                + " const head = view.state.selection.main.head;"
                + " const line = view.state.doc.lineAt(head);"
                + " return line.number + ':' + (head - line.from + 1); }",
            path);
  }

  /**
   * A browser context of its own for {@code username}, signed in at {@code path}; where that lands
   * (the dashboard, or the workspace a share link leads to) is for the test to check.
   */
  private Page signedIn(String username, String password, String path) {
    Page page = e2e.newPage(username);
    e2e.passLogin(page, path, username, password);
    return page;
  }

  private static Locator editorText(Page page) {
    Locator editor = page.locator("atelier-editor[path='notes.txt']");
    assertThat(editor).hasAttribute("ready", "");
    Locator content = editor.locator(".cm-content");
    assertThat(content).hasAttribute("contenteditable", "true");
    assertThat(content).containsText("start");
    return content;
  }

  private static String text(Page page) {
    return (String)
        page.evaluate(
            "() => document.querySelector(\"atelier-editor[path='notes.txt']\")"
                + ".editorView.state.doc.toString()");
  }

  private static String awaitSameText(Page a, Page b) {
    return await("the two editors to converge")
        .atMost(Duration.ofSeconds(10))
        .pollInSameThread() // Playwright is used from the thread that created it only
        .pollInterval(Duration.ofMillis(50))
        .until(() -> List.of(text(a), text(b)), texts -> texts.get(0).equals(texts.get(1)))
        .get(0);
  }

  private static void awaitFile(Path file, String expected) {
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () ->
                assertThat(Files.readString(file, StandardCharsets.UTF_8))
                    .as("the file follows the shared document")
                    .isEqualTo(expected));
  }

  /** The characters of {@code s}, sorted: equal for two texts that hold the same keystrokes. */
  private static String lettersOf(String s) {
    char[] chars = s.toCharArray();
    java.util.Arrays.sort(chars);
    return new String(chars);
  }
}
