package dev.atelier.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The example extension of docs/extensions.md, compiled here against the extension API's classes
 * and dropped into the packaged server's extensions folder next to a broken jar: its status item
 * and command are on the workbench page, its key binding runs the command, and the admin page lists
 * it and says why the broken jar was refused.
 */
class ExtensionsE2EIntegrationTests {

  private static final Path EXAMPLE = Path.of("../extensions/example/hello");
  private static final Path API_CLASSES = Path.of("../extensions/target/classes");
  private static final Path JARS = buildJars();

  @RegisterExtension
  static final E2E e2e =
      E2E.browserTests()
          .withAdminToken()
          .serverArgs("--atelier.extensions.directory=" + JARS.toAbsolutePath());

  @Test
  void theExampleIsOnTheWorkbenchAndTheAdminPageListsWhatWasRefused() throws Exception {
    String id = e2e.api().create("/api/workspaces", "{\"stack\":\"hello\"}").path("id").asText();
    e2e.api().awaitRunning(id);

    Page page = e2e.newPage("extensions");
    e2e.signInAsAdmin(page, "/");
    page.navigate(e2e.url("/workspaces/" + id));
    Locator item = page.locator("[id='status-item-hello.status']");
    assertThat(item).hasText("Hello · 1 running");
    assertThat(item).hasAttribute("title", "Say hello");

    // The status item runs the command; so does its key binding.
    item.click();
    assertThat(page.locator("vaadin-notification-card").last()).containsText("Hello, admin, from ");
    page.keyboard().press("Control+Shift+P");
    page.locator("#command-palette-input input").fill("hello greet");
    assertThat(page.locator("#command-palette-list [data-command-id]").first())
        .hasAttribute("data-command-id", "hello.greet");
    page.keyboard().press("Escape");

    // The built-in panels, now extensions themselves, are all there.
    for (String panel : List.of("explorer", "search", "people")) {
      assertThat(page.locator("#activity-" + panel)).isVisible();
    }
    for (String tab : List.of("ports", "terminal", "build-log", "problems")) {
      assertThat(page.locator("#bottom-tab-" + tab)).isVisible();
    }

    Page admin = page.context().newPage();
    admin.navigate(e2e.url("/admin/extensions"));
    assertThat(admin.locator("#extensions-loaded")).containsText("acme.hello");
    assertThat(admin.locator("#extensions-refused-notice")).containsText("1 extension(s) refused");
    assertThat(admin.locator("#extensions-refused"))
        .containsText("it needs extension API 9.0 but this server offers 1.0");
  }

  /** hello.jar from the example's files, and a jar that asks for API 9.0. */
  private static Path buildJars() {
    try {
      Path work = Files.createDirectories(Path.of("target", "extension-jars"));
      Path dir = Files.createDirectories(work.resolve("extensions"));
      Path classes = Files.createDirectories(work.resolve("classes"));
      List<String> args =
          new ArrayList<>(
              List.of(
                  "-d",
                  classes.toString(),
                  "-classpath",
                  API_CLASSES.toString(),
                  "--release",
                  "17"));
      try (Stream<Path> sources = Files.walk(EXAMPLE.resolve("src"))) {
        sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
      }
      if (ToolProvider.getSystemJavaCompiler()
              .run(null, null, System.err, args.toArray(String[]::new))
          != 0) {
        throw new IllegalStateException(
            "the example extension did not compile; build the extensions module first");
      }
      jar(dir.resolve("hello.jar"), classes, EXAMPLE.resolve("resources"), null);
      jar(
          dir.resolve("future.jar"),
          classes,
          null,
          "id=acme.future\nversion=9.0.0\napi-version=9.0\n"
              + "class=dev.atelier.example.hello.HelloExtension\n");
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void jar(Path jar, Path classes, Path resources, String manifest)
      throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (Path root : resources == null ? List.of(classes) : List.of(classes, resources)) {
        try (Stream<Path> files = Files.walk(root)) {
          for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
            out.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
            out.write(Files.readAllBytes(file));
            out.closeEntry();
          }
        }
      }
      if (manifest != null) {
        out.putNextEntry(new JarEntry("META-INF/atelier-extension.properties"));
        out.write(manifest.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
  }
}
