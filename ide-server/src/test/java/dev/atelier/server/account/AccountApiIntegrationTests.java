package dev.atelier.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.testsupport.IntegrationTestSupport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Users, tokens and authentication through the real HTTP stack. */
class AccountApiIntegrationTests extends IntegrationTestSupport {

  @Test
  void anonymousApiRequestGetsProblemJson401() {
    HttpResponse<String> response = get("/api/me", null);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    JsonNode problem = json(response);
    assertThat(problem.path("status").asInt()).isEqualTo(401);
    assertThat(problem.path("code").asText()).isEqualTo("UNAUTHENTICATED");
    assertThat(problem.path("type").asText()).isEqualTo("urn:atelier:problem:unauthenticated");
    assertThat(problem.path("detail").asText()).contains("Authorization: Bearer");
  }

  @Test
  void unknownTokenIsRefusedEvenOnOpenPaths() {
    HttpResponse<String> response = get("/api/me", "atl_not-a-real-token");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response).path("detail").asText()).contains("not valid or has been revoked");
  }

  @Test
  void bootstrapAdminTokenAuthenticatesTheAdmin() {
    JsonNode me = json(get("/api/me", ADMIN_TOKEN));
    assertThat(me.path("username").asText()).isEqualTo("admin");
    assertThat(me.path("admin").asBoolean()).isTrue();
    assertThat(me.has("passwordHash")).isFalse();
  }

  @Test
  void onlyAdminsManageUsers() {
    String userToken = newUserToken("plain");
    HttpResponse<String> forbidden = get("/api/users", userToken);
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(json(forbidden).path("code").asText()).isEqualTo("FORBIDDEN");
    assertThat(
            post("/api/users", "{\"username\":\"mallory\",\"password\":\"p4ssw0rd!\"}", userToken)
                .statusCode())
        .isEqualTo(403);

    HttpResponse<String> created =
        post(
            "/api/users",
            "{\"username\":\"grace\",\"password\":\"hopper-1906\",\"displayName\":\"Grace\"}",
            ADMIN_TOKEN);
    assertThat(created.statusCode()).isEqualTo(201);
    String id = json(created).path("id").asText();
    assertThat(created.headers().firstValue("Location")).hasValue("/api/users/" + id);
    assertThat(json(get("/api/users", ADMIN_TOKEN)).findValuesAsText("username"))
        .contains("admin", "grace");
    assertThat(json(get("/api/users/" + id, ADMIN_TOKEN)).path("displayName").asText())
        .isEqualTo("Grace");

    HttpResponse<String> duplicate =
        post("/api/users", "{\"username\":\"grace\",\"password\":\"hopper-1906\"}", ADMIN_TOKEN);
    assertThat(duplicate.statusCode()).isEqualTo(409);
    assertThat(json(duplicate).path("code").asText()).isEqualTo("USERNAME_TAKEN");
    HttpResponse<String> weak =
        post("/api/users", "{\"username\":\"linus\",\"password\":\"short\"}", ADMIN_TOKEN);
    assertThat(weak.statusCode()).isEqualTo(400);
    assertThat(json(weak).path("code").asText()).isEqualTo("WEAK_PASSWORD");
    assertThat(get("/api/users/nope", ADMIN_TOKEN).statusCode()).isEqualTo(404);
  }

  @Test
  void usersCreateListAndRevokeTheirOwnTokens() {
    String token = newUserToken("tokens");
    HttpResponse<String> created = post("/api/tokens", "{\"name\":\"ci\"}", token);
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode body = json(created);
    String secret = body.path("secret").asText();
    String id = body.path("token").path("id").asText();
    assertThat(secret).startsWith("atl_");
    assertThat(get("/api/me", secret).statusCode()).isEqualTo(200);

    JsonNode list = json(get("/api/tokens", token));
    assertThat(list.findValuesAsText("name")).containsExactly("tests", "ci");
    assertThat(list.toString()).doesNotContain(secret);

    String otherToken = newUserToken("other");
    assertThat(delete("/api/tokens/" + id, otherToken).statusCode()).isEqualTo(404);
    assertThat(delete("/api/tokens/" + id, token).statusCode()).isEqualTo(204);
    assertThat(get("/api/me", secret).statusCode()).isEqualTo(401);
    HttpResponse<String> again = delete("/api/tokens/" + id, token);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(json(again).path("code").asText()).isEqualTo("TOKEN_NOT_FOUND");
  }

  @Test
  void malformedJsonIsAProblemNotAStackTrace() {
    HttpResponse<String> response = post("/api/tokens", "{not json", ADMIN_TOKEN);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).path("code").asText()).isEqualTo("VALIDATION_FAILED");
    assertThat(response.body()).doesNotContain("Exception");
  }

  @Test
  void formLoginSessionWorksForTheApiButNeedsCsrfToChangeState() {
    String cookie = login("admin", ADMIN_PASSWORD);
    HttpResponse<String> me = getWithCookie("/api/me", cookie);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(json(me).path("username").asText()).isEqualTo("admin");
    // a cross-site form could send the cookie, but not the CSRF token
    assertThat(postWithCookie("/api/tokens", "{\"name\":\"x\"}", cookie).statusCode())
        .isEqualTo(403);
  }

  @Test
  void wrongPasswordDoesNotLogIn() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> login("admin", "wrong-password"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("login failed");
  }
}
