package dev.atelier.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.WorkspaceRuntime;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The race that let a workspace read and write host files through the files API, run against every
 * file endpoint as an attacker would: a shell in the workspace flips entries between real files or
 * folders and links to a host canary file, the server's {@code /proc/<pid>/environ}, a host folder
 * and a writable host folder, while several threads call content, download (file and zip),
 * describe, stat, list, upload, create, move and delete for 20 s. Not one canary byte may appear in
 * any response, and nothing outside the workspace may be created, changed or deleted.
 */
class FileApiRaceIntegrationTests extends IntegrationTestSupport {

  @Autowired WorkspaceRuntime runtime;

  private static final long RACE_MILLIS = 20_000;

  @Test
  @Timeout(180)
  void flippingLinksToHostPathsLeaksNothingThroughAnyFileEndpoint() throws Exception {
    String marker = "CANARY-" + UUID.randomUUID();
    Path hostSide = Files.createTempDirectory("atelier-race");
    Path secret = Files.createDirectories(hostSide.resolve("secret"));
    Path canary = Files.writeString(secret.resolve("canary.txt"), marker);
    Path drop = Files.createDirectories(hostSide.resolve("drop"));
    Files.setPosixFilePermissions(drop, PosixFilePermissions.fromString("rwxrwxrwx"));
    long canaryModified = Files.getLastModifiedTime(canary).toMillis();
    String token = newUserToken("race");
    String id = json(post("/api/workspaces", "{\"stack\":\"python\"}", token)).path("id").asText();
    awaitPhase(id, token, "RUNNING");
    String environ = "/proc/" + ProcessHandle.current().pid() + "/environ";
    String flipper =
        String.join(
            "; ",
            "mkdir -p up",
            "while :; do rm -rf f; echo real > f; rm -f f; ln -s " + canary + " f",
            "rm -rf e; echo real > e; rm -f e; ln -s " + environ + " e",
            "rm -rf d; mkdir -p d; echo x > d/x; rm -rf d; ln -s " + secret + " d",
            "rm -rf up; mkdir up; rm -rf up; ln -s " + drop + " up; done");
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    AtomicInteger leaks = new AtomicInteger();
    AtomicInteger sequence = new AtomicInteger();
    String base = "/api/workspaces/" + id + "/files";
    try (ExecProcess attacker = runtime.exec(id, ExecRequest.of("/bin/sh", "-c", flipper))) {
      attacker.stdin().close();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RACE_MILLIS);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread thread =
            new Thread(
                () -> {
                  while (System.nanoTime() < deadline) {
                    int n = sequence.incrementAndGet();
                    for (String path : List.of("f", "e", "d/canary.txt", "d")) {
                      record(
                          outcomes,
                          leaks,
                          marker,
                          "content",
                          () -> get(base + "/content?path=" + q(path), token));
                      record(
                          outcomes,
                          leaks,
                          marker,
                          "download",
                          () -> get(base + "/download?path=" + q(path), token));
                      record(
                          outcomes,
                          leaks,
                          marker,
                          "describe",
                          () -> get(base + "/describe?path=" + q(path), token));
                      record(
                          outcomes,
                          leaks,
                          marker,
                          "stat",
                          () -> get(base + "/stat?path=" + q(path), token));
                    }
                    record(outcomes, leaks, marker, "list", () -> get(base + "?path=d", token));
                    recordZip(outcomes, leaks, marker, base + "/download?path=", token);
                    record(
                        outcomes,
                        leaks,
                        marker,
                        "upload",
                        () -> upload(base, token, "up", "u-" + n + ".txt"));
                    record(
                        outcomes,
                        leaks,
                        marker,
                        "create",
                        () -> post(base, "{\"path\":\"up/c-" + n + "\"}", token));
                    record(
                        outcomes,
                        leaks,
                        marker,
                        "create",
                        () ->
                            post(
                                base, "{\"path\":\"up/dir-" + n + "\",\"directory\":true}", token));
                    record(
                        outcomes,
                        leaks,
                        marker,
                        "move",
                        () ->
                            post(
                                base + "/move",
                                "{\"from\":\"d/canary.txt\",\"to\":\"stolen-" + n + "\"}",
                                token));
                    record(
                        outcomes,
                        leaks,
                        marker,
                        "move",
                        () ->
                            post(
                                base + "/move",
                                "{\"from\":\"f\",\"to\":\"up/moved-" + n + "\"}",
                                token));
                    record(
                        outcomes,
                        leaks,
                        marker,
                        "delete",
                        () -> delete(base + "?path=" + q("d/canary.txt"), token));
                  }
                });
        thread.start();
        threads.add(thread);
      }
      for (Thread thread : threads) {
        thread.join();
      }
    }
    System.out.println("File API race outcomes over " + RACE_MILLIS + " ms: " + outcomes);
    assertThat(leaks.get()).as("responses that carried a host canary").isZero();
    assertThat(outcomes.keySet())
        .as("the race really ran")
        .anyMatch(k -> k.startsWith("content:200"));
    assertThat(outcomes.keySet()).noneMatch(k -> k.endsWith(":500"));
    assertThat(Files.readString(canary)).isEqualTo(marker);
    assertThat(Files.getLastModifiedTime(canary).toMillis()).isEqualTo(canaryModified);
    try (Stream<Path> entries = Files.list(secret)) {
      assertThat(entries).extracting(p -> p.getFileName().toString()).containsExactly("canary.txt");
    }
    try (Stream<Path> entries = Files.list(drop)) {
      assertThat(entries).as("entries created in a writable host folder").isEmpty();
    }
  }

  private static void record(
      Map<String, AtomicInteger> outcomes,
      AtomicInteger leaks,
      String marker,
      String endpoint,
      Supplier<HttpResponse<String>> call) {
    HttpResponse<String> response = call.get();
    if (response.body() != null && response.body().contains(marker)) {
      leaks.incrementAndGet();
    }
    outcomes
        .computeIfAbsent(endpoint + ":" + response.statusCode(), k -> new AtomicInteger())
        .incrementAndGet();
  }

  /** A zip is compressed: the canary is looked for in every entry's content. */
  private void recordZip(
      Map<String, AtomicInteger> outcomes,
      AtomicInteger leaks,
      String marker,
      String path,
      String token) {
    try {
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 200) {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(response.body()))) {
          for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
            if (new String(zip.readAllBytes(), StandardCharsets.ISO_8859_1).contains(marker)) {
              leaks.incrementAndGet();
            }
          }
        }
      }
      outcomes
          .computeIfAbsent("zip:" + response.statusCode(), k -> new AtomicInteger())
          .incrementAndGet();
    } catch (IOException e) {
      outcomes.computeIfAbsent("zip:broken-off", k -> new AtomicInteger()).incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private HttpResponse<String> upload(String base, String token, String dir, String name) {
    String boundary = "atelier-race-boundary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n--"
                + boundary
                + "--\r\n")
            .getBytes(StandardCharsets.UTF_8));
    try {
      return http.send(
          HttpRequest.newBuilder(uri(base + "/upload?dir=" + q(dir)))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "multipart/form-data; boundary=" + boundary)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
