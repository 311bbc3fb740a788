package dev.atelier.server.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.server.account.AccountService;
import dev.atelier.server.account.ApiTokenService;
import dev.atelier.server.account.UserAccount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the server integration tests: the real application on random ports (main and management),
 * the real local runtime, a fresh temporary {@code atelier.home} per application context (never
 * {@code ~/.atelier}), an admin bootstrapped with a known password and token, and small HTTP
 * helpers.
 */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "atelier.admin.password=" + IntegrationTestSupport.ADMIN_PASSWORD,
      "atelier.admin.token=" + IntegrationTestSupport.ADMIN_TOKEN,
      "atelier.workspace.allowed-repository-schemes=https,http,ssh,git,file",
      "atelier.runtime.local.allow-local-repositories=true",
      "spring.main.banner-mode=off",
      // Many test classes share one application context and all come from 127.0.0.1: the few
      // revoked or made-up tokens they send on purpose must not add up to a throttled address.
      // ThrottleIntegrationTests checks the defaults.
      "atelier.throttle.secret-free-failures=1000"
    })
public abstract class IntegrationTestSupport {

  public static final String ADMIN_PASSWORD = "admin-password-for-tests";
  public static final String ADMIN_TOKEN = "atl_integration-tests-admin-token-0001";
  public static final Duration PHASE_TIMEOUT = Duration.ofSeconds(90);

  protected static final ObjectMapper JSON = TestDatabases.objectMapper();

  @LocalServerPort protected int port;
  @LocalManagementPort protected int managementPort;

  @Value("${atelier.home}")
  protected Path home;

  @Autowired protected AccountService accounts;
  @Autowired protected ApiTokenService tokens;

  protected final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  /** Called once per application context: every context gets its own home and database. */
  @DynamicPropertySource
  static void atelierHome(DynamicPropertyRegistry registry) throws IOException {
    Path home = Files.createTempDirectory("atelier-test-");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(home)));
    registry.add("atelier.home", home::toString);
  }

  /** A new user with an API token; returns the token's secret. */
  protected String newUserToken(String prefix) {
    return newUser(prefix).token();
  }

  protected TestUser newUser(String prefix) {
    String name = (prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
    UserAccount account = accounts.createUser(name, "password-of-" + name, null, false);
    return new TestUser(account, tokens.create(account.id(), "tests").secret());
  }

  /** A user and one of their API tokens. */
  public record TestUser(UserAccount account, String token) {}

  /**
   * Logs in through the form login like a browser (fetching the login page for the session and CSRF
   * token first) and returns the session cookie ({@code JSESSIONID=…}).
   */
  protected String login(String username, String password) {
    HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/login")).GET());
    String cookie = sessionCookie(page);
    java.util.regex.Matcher csrf =
        java.util.regex.Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"")
            .matcher(page.body());
    String form =
        "username="
            + encode(username)
            + "&password="
            + encode(password)
            + (csrf.find() ? "&_csrf=" + encode(csrf.group(1)) : "");
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(uri("/login"))
                .header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    if (response.statusCode() != 302
        || response.headers().firstValue("Location").orElse("").contains("error")) {
      throw new AssertionError(
          "login failed: " + response.statusCode() + " " + response.headers().map());
    }
    String renewed = sessionCookie(response);
    return renewed != null ? renewed : cookie;
  }

  /** POST of an HTML form ({@code application/x-www-form-urlencoded}) with a session cookie. */
  protected HttpResponse<String> postFormWithCookie(
      String path, java.util.Map<String, String> fields, String cookie) {
    StringBuilder form = new StringBuilder();
    fields.forEach(
        (name, value) ->
            form.append(form.isEmpty() ? "" : "&")
                .append(encode(name))
                .append('=')
                .append(encode(value)));
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Cookie", cookie)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
  }

  /** The value of the hidden form field {@code name} in an HTML page. */
  protected static String hiddenField(String html, String name) {
    java.util.regex.Matcher field =
        java.util.regex.Pattern.compile(
                "<input type=\"hidden\" name=\""
                    + java.util.regex.Pattern.quote(name)
                    + "\" value=\"([^\"]*)\"")
            .matcher(html);
    if (!field.find()) {
      throw new AssertionError("no hidden field " + name + " in " + html);
    }
    return org.springframework.web.util.HtmlUtils.htmlUnescape(field.group(1));
  }

  /**
   * Opens a context URL ({@code /new?…}) with the session and presses the confirmation page's
   * button like a browser; returns the response to that POST.
   */
  protected HttpResponse<String> confirmContextUrl(String query, String cookie) {
    HttpResponse<String> page = getWithCookie("/new?" + query, cookie);
    if (page.statusCode() != 200) {
      throw new AssertionError("no confirmation page: " + page.statusCode() + " " + page.body());
    }
    java.util.Map<String, String> form = new java.util.LinkedHashMap<>();
    form.put("_csrf", hiddenField(page.body(), "_csrf"));
    form.put("repository", hiddenField(page.body(), "repository"));
    java.util.regex.Matcher selected =
        java.util.regex.Pattern.compile("<option value=\"([^\"]*)\" selected>")
            .matcher(page.body());
    if (selected.find()) {
      form.put("stack", selected.group(1));
    }
    if (page.body().contains("name=\"name\"")) {
      form.put("name", hiddenField(page.body(), "name"));
    }
    return postFormWithCookie("/new", form, cookie);
  }

  /** GET with a session cookie instead of a token. */
  protected HttpResponse<String> getWithCookie(String path, String cookie) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Cookie", cookie)
            .timeout(Duration.ofSeconds(60))
            .GET());
  }

  protected HttpResponse<String> postWithCookie(String path, String json, String cookie) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Cookie", cookie)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private static String sessionCookie(HttpResponse<String> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("JSESSIONID="))
        .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
        .findFirst()
        .orElse(null);
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  protected URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  protected HttpResponse<String> get(String path, String token) {
    return send(request(path, token).GET());
  }

  protected HttpResponse<String> post(String path, String json, String token) {
    return send(
        request(path, token)
            .header("Content-Type", "application/json")
            .POST(
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json)));
  }

  protected HttpResponse<String> delete(String path, String token) {
    return send(request(path, token).DELETE());
  }

  protected HttpResponse<String> getManagement(String path) {
    return send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + path)).GET());
  }

  protected static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  /** Polls {@code GET /api/workspaces/{id}} until the workspace matches, or fails. */
  protected JsonNode awaitWorkspace(
      String id, String token, Predicate<JsonNode> condition, String description) {
    return Awaitility.await("workspace " + id + " to reach " + description)
        .atMost(PHASE_TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              HttpResponse<String> response = get("/api/workspaces/" + id, token);
              return response.statusCode() == 200 ? json(response) : null;
            },
            w -> w != null && condition.test(w));
  }

  /** Polls until the workspace is in {@code phase}; fails at once if it fails unexpectedly. */
  protected JsonNode awaitPhase(String id, String token, String phase) {
    return awaitWorkspace(
        id,
        token,
        w -> {
          String current = w.path("phase").asText();
          if (current.equals("FAILED") && !phase.equals("FAILED")) {
            throw new AssertionError(
                "workspace "
                    + id
                    + " FAILED while waiting for "
                    + phase
                    + ": "
                    + w.path("conditions"));
          }
          return phase.equals(current);
        },
        phase);
  }

  protected static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  /** Sends any request; error responses are checked by {@link #assertNoHostDetails}. */
  protected HttpResponse<String> sendRequest(HttpRequest.Builder builder) {
    return send(builder);
  }

  private HttpResponse<String> send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> response =
          http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      assertNoHostDetails(response);
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Every error response any test sees must be free of host paths (the test's data folder, the
   * user's home) and of stack traces: clients learn what they did wrong, not how the server is laid
   * out.
   */
  protected void assertNoHostDetails(HttpResponse<String> response) {
    if (response.statusCode() < 400 || response.body() == null) {
      return;
    }
    String body = response.body();
    String context = response.request().method() + " " + response.request().uri();
    for (String hostPath :
        new String[] {home.toAbsolutePath().toString(), System.getProperty("user.home")}) {
      if (hostPath.length() > 1 && body.contains(hostPath)) {
        throw new AssertionError(
            context + " answered " + response.statusCode() + " with a host path: " + body);
      }
    }
    if (body.contains("\tat ")
        || body.matches("(?s).*\\bat [a-z]+\\.[a-z.]+\\.[A-Z]\\w*\\.\\w+\\(.*")) {
      throw new AssertionError(
          context + " answered " + response.statusCode() + " with a stack trace: " + body);
    }
  }

  private static void deleteQuietly(Path root) {
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException ignored) {
      // best effort: it is a temporary directory
    }
  }
}
