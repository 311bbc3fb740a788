package dev.atelier.server.error;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.testsupport.IntegrationTestSupport;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed and oversized requests, as an attacker sends them: each gets a 4xx problem document
 * that names the problem, never a 500, a stack trace or a host path (the last two are checked for
 * every error response of every integration test by {@link IntegrationTestSupport}).
 */
class BadRequestsIntegrationTests extends IntegrationTestSupport {

  private static final String BOUNDARY = "----atelier-test-boundary";

  private String token;
  private String id;

  @BeforeEach
  void workspace() {
    token = newUserToken("bad");
    id = json(post("/api/workspaces", "{\"stack\":\"python\"}", token)).path("id").asText();
    awaitPhase(id, token, "RUNNING");
  }

  @Test
  void uploadFileNameWithALineBreakIsA400() {
    byte[] body =
        multipart(
            "--"
                + BOUNDARY
                + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"evil\nname.txt\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"
                + "data\r\n"
                + "--"
                + BOUNDARY
                + "--\r\n");
    assertProblem(upload(body), 400);
    byte[] encoded =
        multipart(
            "--"
                + BOUNDARY
                + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"tab\tname\u0007.txt\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"
                + "data\r\n"
                + "--"
                + BOUNDARY
                + "--\r\n");
    JsonNode problem = assertProblem(upload(encoded), 400);
    assertThat(problem.path("detail").asText()).isNotBlank();
  }

  @Test
  void moreThanAThousandPartsIsA413() {
    StringBuilder parts = new StringBuilder();
    for (int i = 0; i < 1_001; i++) {
      parts
          .append("--")
          .append(BOUNDARY)
          .append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f")
          .append(i)
          .append(".txt\"\r\n\r\nx\r\n");
    }
    parts.append("--").append(BOUNDARY).append("--\r\n");
    JsonNode problem = assertProblem(upload(multipart(parts.toString())), 413);
    assertThat(problem.path("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
  }

  @Test
  void malformedMultipartIsA400() {
    JsonNode problem =
        assertProblem(
            upload(multipart("--" + BOUNDARY + "\r\nthis is not a part header\r\n\r\nx")), 400);
    assertThat(problem.path("code").asText()).isEqualTo("MALFORMED_REQUEST");
  }

  @Test
  void jsonBodyOfA150MegabytesIsA413() {
    byte[] huge = new byte[150 * 1024 * 1024];
    Arrays.fill(huge, (byte) ' ');
    huge[0] = '{';
    huge[huge.length - 1] = '}';
    HttpResponse<String> response =
        sendRequest(
            HttpRequest.newBuilder(uri("/api/workspaces"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)));
    JsonNode problem = assertProblem(response, 413);
    assertThat(problem.path("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
  }

  @Test
  void fileNameLongerThanTheFileSystemAllowsIsA400WithoutHostPath() {
    String longName = "n".repeat(300) + ".txt";
    HttpResponse<String> response =
        post("/api/workspaces/" + id + "/files", "{\"path\":\"" + longName + "\"}", token);
    JsonNode problem = assertProblem(response, 400);
    assertThat(problem.path("code").asText()).isEqualTo("INVALID_PATH");
    assertThat(problem.path("detail").asText())
        .contains("longer than")
        .doesNotContain("/workspaces/");
  }

  @Test
  void pathUnderAFileIsA400WithoutHostPath() {
    assertThat(
            post("/api/workspaces/" + id + "/files", "{\"path\":\"plain.txt\"}", token)
                .statusCode())
        .isEqualTo(201);
    for (HttpResponse<String> response :
        new HttpResponse[] {
          post("/api/workspaces/" + id + "/files", "{\"path\":\"plain.txt/child.txt\"}", token),
          get(
              "/api/workspaces/"
                  + id
                  + "/files/content?path="
                  + URLEncoder.encode("plain.txt/child.txt", StandardCharsets.UTF_8),
              token)
        }) {
      assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
      assertThat(json(response).path("detail").asText())
          .doesNotContain(home.toString())
          .doesNotContain("/workspaces/" + id + "/");
      assertThat(response.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("application/problem+json");
    }
  }

  @Test
  void unknownMethodAndPathAreProblemsToo() {
    HttpResponse<String> wrongMethod =
        sendRequest(
            HttpRequest.newBuilder(uri("/api/workspaces/" + id + "/files/move"))
                .header("Authorization", "Bearer " + token)
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
  }

  private HttpResponse<String> upload(byte[] body) {
    return sendRequest(
        HttpRequest.newBuilder(uri("/api/workspaces/" + id + "/files/upload"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private static byte[] multipart(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static JsonNode assertProblem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    JsonNode problem = json(response);
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("code").asText()).isNotBlank();
    assertThat(problem.path("detail").asText()).isNotBlank();
    return problem;
  }
}
