package dev.atelier.server.extensions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.extensions.ExtensionApi;
import dev.atelier.extensions.WorkbenchContext;
import dev.atelier.extensions.host.Extensions;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.server.problems.Problem;
import dev.atelier.server.problems.Problem.Severity;
import dev.atelier.server.problems.WorkspaceProblems;
import dev.atelier.server.testsupport.IntegrationTestSupport;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example extension of docs/extensions.md ({@code extensions/example/hello}), compiled and
 * packaged here into a jar of the extensions folder, next to four broken jars, before the server
 * starts: the server starts, runs the example's command, status item, problem matcher and stack
 * without any change to its own code, and tells admins why it refused the others.
 */
class ExtensionsIntegrationTests extends IntegrationTestSupport {

  /** The example's sources, relative to this module (tests run in the module's folder). */
  static final Path EXAMPLE = Path.of("../extensions/example/hello");

  @Autowired Extensions extensions;
  @Autowired WorkspaceRuntime runtime;
  @Autowired WorkspaceProblems problems;

  @DynamicPropertySource
  static void extensionJars(DynamicPropertyRegistry registry) throws IOException {
    Path work = Files.createTempDirectory("atelier-extension-jars-");
    Path dir = Files.createDirectories(work.resolve("extensions"));
    new JarBuilder()
        .tree(EXAMPLE.resolve("src"), true)
        .tree(EXAMPLE.resolve("resources"), false)
        .build(work.resolve("hello"), dir.resolve("hello.jar"));
    new JarBuilder()
        .manifest("id=acme.broken\nversion=1.0\n")
        .build(work.resolve("bad-manifest"), dir.resolve("bad-manifest.jar"));
    new JarBuilder()
        .tree(EXAMPLE.resolve("src"), true)
        .manifest(
            "id=acme.future\nversion=2.0\napi-version="
                + (ExtensionApi.MAJOR + 1)
                + ".0\nclass=dev.atelier.example.hello.HelloExtension\n")
        .build(work.resolve("future"), dir.resolve("future.jar"));
    new JarBuilder()
        .source(
            "acme.throwing.Ext",
            "package acme.throwing;\n"
                + "public final class Ext implements dev.atelier.extensions.AtelierExtension {\n"
                + "  public Ext() { throw new IllegalStateException(\"cannot start\"); }\n"
                + "  public void contribute(dev.atelier.extensions.Contributions c) {}\n"
                + "}\n")
        .manifest("id=acme.throwing\nversion=1.0\napi-version=1.0\nclass=acme.throwing.Ext\n")
        .build(work.resolve("throwing"), dir.resolve("throwing.jar"));
    new JarBuilder()
        .tree(EXAMPLE.resolve("src"), true)
        .tree(EXAMPLE.resolve("resources"), false)
        .build(work.resolve("twin"), dir.resolve("z-hello-twin.jar"));
    registry.add("atelier.extensions.directory", dir::toString);
  }

  @Test
  void adminsSeeTheExampleRunningAndWhyTheOthersWereRefused() {
    HttpResponse<String> response = get("/api/extensions", ADMIN_TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.path("apiVersion").asText()).isEqualTo(ExtensionApi.VERSION);
    JsonNode hello =
        StreamSupport.stream(body.path("loaded").spliterator(), false)
            .filter(l -> l.path("id").asText().equals("acme.hello"))
            .findFirst()
            .orElseThrow();
    assertThat(hello.path("source").asText()).endsWith("hello.jar");
    assertThat(texts(hello.path("contributions")))
        .containsExactly(
            "command hello.greet",
            "problem matcher hello-lint",
            "stack hello",
            "status item hello.status");
    List<String> refused = new ArrayList<>();
    body.path("refused")
        .forEach(
            r ->
                refused.add(
                    Path.of(r.path("source").asText()).getFileName()
                        + ": "
                        + r.path("reason").asText()));
    assertThat(refused)
        .satisfiesExactly(
            r ->
                assertThat(r).startsWith("bad-manifest.jar: manifest key 'api-version' is missing"),
            r ->
                assertThat(r)
                    .startsWith(
                        "future.jar: it needs extension API "
                            + (ExtensionApi.MAJOR + 1)
                            + ".0 but this server offers "
                            + ExtensionApi.VERSION),
            r ->
                assertThat(r)
                    .isEqualTo(
                        "throwing.jar: its constructor threw java.lang.IllegalStateException:"
                            + " cannot start"),
            r ->
                assertThat(r)
                    .startsWith("z-hello-twin.jar: the id acme.hello is already taken by ")
                    .endsWith("hello.jar"));
    // The built-ins load before every jar.
    assertThat(texts(body.path("loaded").findValues("id").stream().toList()))
        .startsWith("atelier.java", "atelier.python", "atelier.typescript", "atelier.cpp");
  }

  @Test
  void onlyAdminsMayListExtensions() {
    assertThat(get("/api/extensions", newUserToken("ext")).statusCode()).isEqualTo(403);
    assertThat(get("/api/extensions", null).statusCode()).isEqualTo(401);
  }

  @Test
  void theCommandAndTheStatusItemAreThereForTheWorkbench() {
    var contributions = extensions.contributions();
    assertThat(contributions.commands())
        .anySatisfy(
            c -> {
              assertThat(c.id()).isEqualTo("hello.greet");
              assertThat(c.keybinding()).isEqualTo("Ctrl+Alt+H");
              // Loaded by the jar's own class loader, not the server's.
              assertThat(c.handler().getClass().getClassLoader().getName())
                  .isEqualTo("extension acme.hello");
            });
    assertThat(contributions.statusItems())
        .anySatisfy(s -> assertThat(s.commandId()).isEqualTo("hello.greet"));
  }

  @Test
  void theExampleStackRunsItsLintTaskAndTheExampleMatcherFindsTheProblem() {
    String token = newUserToken("hello");
    HttpResponse<String> stacks = get("/api/stacks", token);
    assertThat(stacks.body()).contains("\"hello\"").contains("Hello lint");
    String workspace =
        json(post("/api/workspaces", "{\"stack\":\"hello\"}", token)).path("id").asText();
    try {
      awaitPhase(workspace, token, "RUNNING");
      // The example's lifecycle listener counts running workspaces; its status item shows it.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(helloStatusText()).matches("Hello · [1-9]\\d* running"));
      runtime
          .files(workspace)
          .write("main.py", "print('hi')\n\n# TODO say goodbye\n".getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> run =
          post("/api/workspaces/" + workspace + "/tasks/lint/runs", null, token);
      assertThat(run.statusCode()).as(run.body()).isEqualTo(201);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(problems.list(workspace))
                      .contains(
                          new Problem(
                              "main.py",
                              3,
                              0,
                              Severity.WARNING,
                              "# TODO say goodbye",
                              "hello-lint")));
    } finally {
      delete("/api/workspaces/" + workspace, token);
    }
  }

  private String helloStatusText() {
    var item =
        extensions.contributions().statusItems().stream()
            .filter(i -> i.id().equals("hello.status"))
            .findFirst()
            .orElseThrow();
    return item.text().text(new FakePage());
  }

  /** Enough of a page for a status item's text. */
  private static final class FakePage implements WorkbenchContext {
    @Override
    public String workspaceId() {
      return "w";
    }

    @Override
    public String workspaceName() {
      return "w";
    }

    @Override
    public String userId() {
      return "u";
    }

    @Override
    public String userName() {
      return "u";
    }

    @Override
    public Access access() {
      return Access.READ;
    }

    @Override
    public Optional<String> activeFile() {
      return Optional.empty();
    }

    @Override
    public void openFile(String path, int line, int column) {}

    @Override
    public void showMessage(String message) {}

    @Override
    public void executeCommand(String commandId) {}

    @Override
    public <T> Optional<T> host(Class<T> type) {
      return Optional.empty();
    }
  }

  private static List<String> texts(Iterable<JsonNode> nodes) {
    List<String> texts = new ArrayList<>();
    nodes.forEach(n -> texts.add(n.asText()));
    return texts;
  }
}
