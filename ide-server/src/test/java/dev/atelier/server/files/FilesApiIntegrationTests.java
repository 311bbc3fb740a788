package dev.atelier.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.events.EventBus;
import dev.atelier.server.events.FileDeletedEvent;
import dev.atelier.server.events.FileMovedEvent;
import dev.atelier.server.testsupport.IntegrationTestSupport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The files REST API over the real local runtime: CRUD, hostile paths, zip, search. */
class FilesApiIntegrationTests extends IntegrationTestSupport {

  @Autowired EventBus events;

  private String token;
  private String id;
  private Path content;

  @BeforeEach
  void workspace() {
    token = newUserToken("files");
    id = json(post("/api/workspaces", "{\"stack\":\"python\"}", token)).path("id").asText();
    awaitPhase(id, token, "RUNNING");
    content = home.resolve("workspaces").resolve(id);
  }

  private String files(String suffix) {
    return "/api/workspaces/" + id + "/files" + suffix;
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void createUploadListMoveAndDeleteWithEventsForMovesAndDeletes() throws Exception {
    List<Object> published = new CopyOnWriteArrayList<>();
    try (AutoCloseable a = events.subscribe(FileMovedEvent.class, published::add);
        AutoCloseable b = events.subscribe(FileDeletedEvent.class, published::add)) {
      HttpResponse<String> folder = post(files(""), "{\"path\":\"src\",\"directory\":true}", token);
      assertThat(folder.statusCode()).isEqualTo(201);
      assertThat(json(folder).path("directory").asBoolean()).isTrue();
      HttpResponse<String> file = post(files(""), "{\"path\":\"src/app.py\"}", token);
      assertThat(file.statusCode()).isEqualTo(201);
      assertThat(content.resolve("src/app.py")).exists().isEmptyFile();
      HttpResponse<String> again = post(files(""), "{\"path\":\"src/app.py\"}", token);
      assertThat(again.statusCode()).isEqualTo(409);
      assertThat(json(again).path("code").asText()).isEqualTo("FILE_EXISTS");

      HttpResponse<String> uploaded =
          upload("src", "data.txt", "uploaded bytes\n".getBytes(StandardCharsets.UTF_8));
      assertThat(uploaded.statusCode()).isEqualTo(201);
      assertThat(content.resolve("src/data.txt")).hasContent("uploaded bytes");
      assertThat(upload("src", "data.txt", new byte[] {1}).statusCode()).isEqualTo(409);

      JsonNode listing = json(get(files("?path=src"), token));
      List<String> names = new ArrayList<>();
      listing.forEach(n -> names.add(n.path("name").asText()));
      assertThat(names).containsExactly("app.py", "data.txt");
      assertThat(get(files("/content?path=src/data.txt"), token).body())
          .isEqualTo("uploaded bytes\n");

      HttpResponse<String> moved =
          post(files("/move"), "{\"from\":\"src\",\"to\":\"lib/src\"}", token);
      assertThat(moved.statusCode()).isEqualTo(200);
      assertThat(content.resolve("lib/src/app.py")).exists();
      assertThat(content.resolve("src")).doesNotExist();
      assertThat(post(files("/move"), "{\"from\":\"lib\",\"to\":\"lib/x\"}", token).statusCode())
          .isEqualTo(400);

      assertThat(delete(files("?path=lib"), token).statusCode()).isEqualTo(204);
      assertThat(content.resolve("lib")).doesNotExist();
      HttpResponse<String> gone = get(files("/stat?path=lib"), token);
      assertThat(gone.statusCode()).isEqualTo(404);
      assertThat(json(gone).path("code").asText()).isEqualTo("FILE_NOT_FOUND");
      assertThat(delete(files("?path=lib"), token).statusCode()).isEqualTo(404);

      await().atMost(Duration.ofSeconds(5)).until(() -> published.size() >= 2);
      assertThat(published)
          .containsExactly(
              new FileMovedEvent(id, "src", "lib/src", true),
              new FileDeletedEvent(id, "lib", true));
    }
  }

  @Test
  void hostilePathsAreClearBadRequests() throws Exception {
    Files.createSymbolicLink(content.resolve("escape"), Path.of("/etc"));
    for (String path :
        List.of("../etc/passwd", "/etc/passwd", "a/../../x", "a/./b", "a//b", "a\\..\\b")) {
      HttpResponse<String> r = get(files("/content?path=" + q(path)), token);
      assertThat(r.statusCode()).as(path).isEqualTo(400);
      assertThat(json(r).path("code").asText()).as(path).isEqualTo("INVALID_PATH");
      assertThat(json(r).path("detail").asText()).as(path).isNotBlank();
    }
    HttpResponse<String> nul = get(files("/content?path=a%00b"), token);
    assertThat(nul.statusCode()).isEqualTo(400);
    HttpResponse<String> link = get(files("/content?path=escape/passwd"), token);
    assertThat(link.statusCode()).isEqualTo(400);
    assertThat(json(link).path("code").asText()).isEqualTo("INVALID_PATH");
    assertThat(link.body()).doesNotContain("root:");
    assertThat(post(files(""), "{\"path\":\"escape/evil\"}", token).statusCode()).isEqualTo(400);
    assertThat(Path.of("/etc/evil")).doesNotExist();
    assertThat(post(files(""), "{\"path\":\"../outside\"}", token).statusCode()).isEqualTo(400);
    assertThat(delete(files("?path="), token).statusCode()).isEqualTo(400);
    assertThat(upload("", "../../x", new byte[] {1}).statusCode()).isEqualTo(201);
    assertThat(content.resolve("x")).exists(); // the client-side path is dropped, the name kept
  }

  @Test
  void othersGetNotFoundAndBinaryFilesAreDescribedAsSuch() throws Exception {
    Files.write(content.resolve("image.bin"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
    Files.writeString(content.resolve("text.md"), "# héllo\n");
    JsonNode binary = json(get(files("/describe?path=image.bin"), token));
    assertThat(binary.path("text").asBoolean()).isFalse();
    assertThat(binary.path("size").asLong()).isEqualTo(7);
    JsonNode text = json(get(files("/describe?path=text.md"), token));
    assertThat(text.path("text").asBoolean()).isTrue();
    assertThat(text.path("readOnly").asBoolean()).isFalse();
    assertThat(text.path("maxEditableSize").asLong()).isEqualTo(5L * 1024 * 1024);

    String other = newUserToken("other");
    for (HttpResponse<String> r :
        List.of(
            get(files("?path="), other),
            get(files("/content?path=text.md"), other),
            post(files(""), "{\"path\":\"x.py\"}", other),
            delete(files("?path=text.md"), other),
            get("/api/workspaces/" + id + "/search?q=hello", other))) {
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(json(r).path("code").asText()).isEqualTo("WORKSPACE_NOT_FOUND");
    }
    assertThat(content.resolve("text.md")).exists();
  }

  @Test
  void folderDownloadsAsAZipWithItsContent() throws Exception {
    Files.createDirectories(content.resolve("pkg/sub"));
    Files.writeString(content.resolve("pkg/a.txt"), "alpha");
    Files.writeString(content.resolve("pkg/sub/b.txt"), "beta");
    Files.createDirectories(content.resolve("pkg/empty"));
    HttpResponse<byte[]> zip =
        http.send(
            HttpRequest.newBuilder(uri(files("/download?path=pkg")))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(zip.statusCode()).isEqualTo(200);
    assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");
    assertThat(zip.headers().firstValue("Content-Disposition").orElseThrow()).contains("pkg.zip");
    Map<String, String> entries = new TreeMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    assertThat(entries)
        .containsExactly(
            Map.entry("a.txt", "alpha"),
            Map.entry("empty/", ""),
            Map.entry("sub/", ""),
            Map.entry("sub/b.txt", "beta"));

    HttpResponse<String> single = get(files("/download?path=pkg/a.txt"), token);
    assertThat(single.body()).isEqualTo("alpha");
    assertThat(single.headers().firstValue("Content-Disposition").orElseThrow())
        .contains("attachment", "a.txt");
    assertThat(get(files("/download?path=nope"), token).statusCode()).isEqualTo(404);
  }

  @Test
  void searchRespectsNestedGitignoresAndSkipsGitAndBinaries() throws Exception {
    Files.writeString(content.resolve(".gitignore"), "build/\n*.log\n");
    Files.createDirectories(content.resolve("build"));
    Files.writeString(content.resolve("build/out.py"), "needle in build\n");
    Files.writeString(content.resolve("debug.log"), "needle in log\n");
    Files.createDirectories(content.resolve(".git"));
    Files.writeString(content.resolve(".git/config"), "needle in git\n");
    Files.createDirectories(content.resolve("app/gen"));
    Files.writeString(content.resolve("app/.gitignore"), "gen/\n!keep.log\n");
    Files.writeString(content.resolve("app/gen/x.py"), "needle generated\n");
    Files.writeString(content.resolve("app/keep.log"), "needle kept\n");
    Files.writeString(content.resolve("app/main.py"), "a = 1\nprint('Needle')  # needle\n");
    Files.write(content.resolve("app/blob.bin"), "needle\0".getBytes(StandardCharsets.UTF_8));

    JsonNode result = json(get("/api/workspaces/" + id + "/search?q=needle", token));
    Map<String, List<String>> byFile = new TreeMap<>();
    result
        .path("files")
        .forEach(
            f -> {
              List<String> lines = new ArrayList<>();
              f.path("matches")
                  .forEach(m -> lines.add(m.path("line").asInt() + ":" + m.path("column").asInt()));
              byFile.put(f.path("path").asText(), lines);
            });
    assertThat(byFile)
        .containsExactly(
            Map.entry("app/keep.log", List.of("1:1")),
            Map.entry("app/main.py", List.of("2:8", "2:20")));
    assertThat(result.path("truncated").asBoolean()).isFalse();

    JsonNode exact = json(get("/api/workspaces/" + id + "/search?q=Needle&case=true", token));
    assertThat(exact.path("matchCount").asInt()).isEqualTo(1);
    JsonNode regex =
        json(get("/api/workspaces/" + id + "/search?q=" + q("a\\s=\\s\\d") + "&regex=true", token));
    assertThat(regex.path("files").get(0).path("matches").get(0).path("line").asInt()).isEqualTo(1);
    JsonNode word = json(get("/api/workspaces/" + id + "/search?q=needl&word=true", token));
    assertThat(word.path("matchCount").asInt()).isZero();
    HttpResponse<String> bad = get("/api/workspaces/" + id + "/search?q=(&regex=true", token);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).path("detail").asText()).contains("regular expression");
  }

  private HttpResponse<String> upload(String dir, String name, byte[] data) throws IOException {
    String boundary = "atelier-test-boundary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.write(data);
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    try {
      return http.send(
          HttpRequest.newBuilder(uri(files("/upload?dir=" + q(dir))))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "multipart/form-data; boundary=" + boundary)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
