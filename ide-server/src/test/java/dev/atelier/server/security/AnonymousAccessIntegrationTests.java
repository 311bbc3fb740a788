package dev.atelier.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.router.RouteData;
import com.vaadin.flow.server.VaadinServletContext;
import com.vaadin.flow.server.startup.ApplicationRouteRegistry;
import dev.atelier.server.testsupport.IntegrationTestSupport;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;

/**
 * Enumerates every route the running server has registered — Spring MVC handler methods, Vaadin
 * routes, WebSocket endpoints and URL-mapped handlers such as static resources — and proves that an
 * anonymous client is refused on each: 401 problem+json under {@code /api}, a redirect to the login
 * page for pages, a 401 handshake for WebSockets. The only exceptions are the login view and static
 * assets, which must be reachable before logging in.
 */
class AnonymousAccessIntegrationTests extends IntegrationTestSupport {

  /** Vaadin routes anyone may open. */
  private static final Set<String> PUBLIC_ROUTES = Set.of("/login", "/register");

  /**
   * API calls anyone may make: self-registration, which refuses with 403 unless an administrator
   * turned it on (proved in {@code SelfRegistrationIntegrationTests}).
   */
  private static final Set<String> PUBLIC_API = Set.of("POST /api/register");

  @Autowired ApplicationContext context;
  @Autowired ServletContext servletContext;

  record Route(String origin, String method, String path) {}

  @Test
  void everyRegisteredRouteRefusesAnonymousClients() throws Exception {
    List<Route> routes = new ArrayList<>();
    routes.addAll(mvcRoutes());
    routes.addAll(vaadinRoutes());
    routes.addAll(urlMappedRoutes());
    List<String> webSockets = webSocketPaths();

    // the enumeration itself must have found the features, or this test proves nothing
    assertThat(routes)
        .extracting(Route::path)
        .contains("/api/workspaces", "/api/tokens", "/api/users", "/api/stacks", "/new", "/login");
    assertThat(routes).filteredOn(r -> r.origin().equals("vaadin")).hasSizeGreaterThan(1);
    assertThat(webSockets).contains("/api/events");

    List<String> failures = new ArrayList<>();
    for (Route route : routes) {
      if (route.origin().equals("vaadin") && PUBLIC_ROUTES.contains(route.path())) {
        continue;
      }
      if (PUBLIC_API.contains(route.method() + " " + route.path())) {
        continue;
      }
      HttpResponse<String> response = anonymous(route.method(), route.path());
      String verdict = verdict(route.method(), route.path(), response);
      if (verdict != null) {
        failures.add(route + " -> " + response.statusCode() + ": " + verdict);
      }
    }
    for (String path : webSockets) {
      int status = anonymousHandshake(path);
      if (status != 401) {
        failures.add("websocket " + path + " -> " + status);
      }
    }
    assertThat(failures).as("routes reachable without logging in").isEmpty();
  }

  @Test
  void loginPageAndStaticAssetsArePublic() {
    HttpResponse<String> login = anonymous("GET", "/login");
    assertThat(login.statusCode()).isEqualTo(200);
    java.util.regex.Matcher script =
        java.util.regex.Pattern.compile("src=\"\\.?/?(VAADIN/build/[^\"]+\\.js)\"")
            .matcher(login.body());
    assertThat(script.find())
        .as("the login page loads the frontend bundle: " + login.body())
        .isTrue();
    String asset = "/" + script.group(1);
    assertThat(anonymous("GET", asset).statusCode()).isEqualTo(200);
  }

  @Test
  void managementPortIsOpenForProbes() {
    assertThat(getManagement("/live").statusCode()).isEqualTo(200);
  }

  private static String verdict(String method, String path, HttpResponse<String> response) {
    int status = response.statusCode();
    if (path.startsWith("/api/")) {
      boolean problem =
          response
              .headers()
              .firstValue("Content-Type")
              .map(v -> v.startsWith("application/problem+json"))
              .orElse(false);
      return status == 401 && problem ? null : "expected 401 problem+json";
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      // A page's state-changing request without the session's CSRF token is refused before
      // authentication is even looked at (a forged cross-site form gets no further).
      return status == 403 && response.body().contains("\"code\":\"CSRF_REJECTED\"")
          ? null
          : "expected 403 CSRF_REJECTED";
    }
    String location = response.headers().firstValue("Location").orElse("");
    return status == 302 && location.endsWith("/login") ? null : "expected redirect to /login";
  }

  private List<Route> mvcRoutes() {
    List<Route> routes = new ArrayList<>();
    for (RequestMappingHandlerMapping mapping :
        context.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
      for (Map.Entry<RequestMappingInfo, HandlerMethod> e :
          mapping.getHandlerMethods().entrySet()) {
        RequestMappingInfo info = e.getKey();
        Set<String> methods = new LinkedHashSet<>();
        info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
        if (methods.isEmpty()) {
          methods.add("GET");
        }
        for (String pattern : info.getPatternValues()) {
          for (String method : methods) {
            routes.add(new Route("mvc", method, concrete(pattern)));
          }
        }
      }
    }
    return routes;
  }

  private List<Route> vaadinRoutes() {
    ApplicationRouteRegistry registry =
        ApplicationRouteRegistry.getInstance(new VaadinServletContext(servletContext));
    List<Route> routes = new ArrayList<>();
    for (RouteData route : RouteConfiguration.forRegistry(registry).getAvailableRoutes()) {
      routes.add(new Route("vaadin", "GET", concrete(route.getTemplate())));
    }
    return routes;
  }

  /** URL-mapped handlers other than WebSockets: static resources, Vaadin's root mapping. */
  private List<Route> urlMappedRoutes() {
    List<Route> routes = new ArrayList<>();
    for (AbstractUrlHandlerMapping mapping :
        context.getBeansOfType(AbstractUrlHandlerMapping.class).values()) {
      if (mapping instanceof WebSocketHandlerMapping) {
        continue;
      }
      for (String pattern : mapping.getHandlerMap().keySet()) {
        routes.add(new Route("url", "GET", concrete(pattern)));
      }
    }
    return routes;
  }

  private List<String> webSocketPaths() {
    List<String> paths = new ArrayList<>();
    for (WebSocketHandlerMapping mapping :
        context.getBeansOfType(WebSocketHandlerMapping.class).values()) {
      mapping.getHandlerMap().keySet().forEach(p -> paths.add(concrete(p)));
    }
    return paths;
  }

  /** A request path for a pattern: variables and wildcards become sample segments. */
  private static String concrete(String pattern) {
    String path =
        pattern
            .replaceAll("\\{[^}]+}", "sample-id")
            .replaceAll(":[A-Za-z_][A-Za-z0-9_]*[?*]?(\\([^)]*\\))?", "sample-id")
            .replace("/**", "/sample.txt")
            .replace("**", "sample")
            .replace("*", "sample");
    return path.startsWith("/") ? path : "/" + path;
  }

  private HttpResponse<String> anonymous(String method, String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    request =
        switch (method) {
          case "GET" -> request.GET();
          case "DELETE" -> request.DELETE();
          default ->
              request
                  .header("Content-Type", "application/json")
                  .method(method, HttpRequest.BodyPublishers.ofString("{}"));
        };
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    }
  }

  private int anonymousHandshake(String path) throws Exception {
    try {
      WebSocket ws =
          http.newWebSocketBuilder()
              .buildAsync(URI.create("ws://localhost:" + port + path), new WebSocket.Listener() {})
              .get(10, TimeUnit.SECONDS);
      ws.abort();
      return 101;
    } catch (java.util.concurrent.ExecutionException | CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException h) {
        return h.getResponse().statusCode();
      }
      throw e;
    }
  }
}
