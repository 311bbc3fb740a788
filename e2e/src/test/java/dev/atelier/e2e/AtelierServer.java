package dev.atelier.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The packaged ide-server jar, run as a separate process with its own {@code ATELIER_HOME} and free
 * ports, as an operator would run it.
 */
final class AtelierServer implements AutoCloseable {

  static final Path JAR = Paths.get("..", "ide-server", "target", "ide-server-0.1.0-SNAPSHOT.jar");
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final Process process;
  private final Path home;
  private final Path log;
  private final int port;
  private final int managementPort;

  private AtelierServer(Process process, Path home, Path log, int port, int managementPort) {
    this.process = process;
    this.home = home;
    this.log = log;
    this.port = port;
    this.managementPort = managementPort;
  }

  /**
   * A fresh, empty {@code ATELIER_HOME}, under {@code target/} so that the server's log stays with
   * the other test artifacts; printed, as that log is the first place to look when a test fails.
   */
  static Path newHome(String prefix) throws IOException {
    Path target = Files.createDirectories(Paths.get("target").toAbsolutePath());
    Path home = Files.createTempDirectory(target, prefix);
    System.out.println("ATELIER_HOME for the e2e server (server.log inside): " + home);
    return home;
  }

  /**
   * Starts the jar and waits until {@code /live} answers on the management port.
   *
   * @param extraArgs additional {@code --key=value} arguments
   */
  static AtelierServer start(Path home, Map<String, String> env, List<String> extraArgs)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(
          JAR.toAbsolutePath().normalize()
              + " is missing: build it first with `mvn -pl ide-server package -DskipTests`"
              + " (mvn verify from the top level does this before the e2e module runs).");
    }
    int port = freePort();
    int managementPort = freePort();
    Path log = home.resolve("server.log");
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toAbsolutePath().normalize().toString());
    command.add("--server.port=" + port);
    command.add("--management.server.port=" + managementPort);
    command.addAll(extraArgs);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("ATELIER_HOME", home.toString());
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    AtelierServer server = new AtelierServer(builder.start(), home, log, port, managementPort);
    server.awaitLive();
    return server;
  }

  String baseUrl() {
    return "http://localhost:" + port;
  }

  Path home() {
    return home;
  }

  /** The last lines of the server's output, for failure messages. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  private void awaitLive() throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/live"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long started = System.nanoTime();
    try {
      Awaitility.await()
          .atMost(START_TIMEOUT)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException(
                      "The server exited with status "
                          + process.exitValue()
                          + " while starting:\n"
                          + logTail());
                }
                try {
                  return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()
                      == 200;
                } catch (IOException e) {
                  return false; // not listening yet
                }
              });
    } catch (ConditionTimeoutException e) {
      close();
      throw new IllegalStateException(
          "The server did not report /live within " + START_TIMEOUT + ":\n" + logTail());
    }
    System.out.printf(
        "Atelier server live on port %d after %d ms%n",
        port, (System.nanoTime() - started) / 1_000_000);
  }

  /** Kills the server's JVM at once (SIGKILL, like {@code kill -9}): no shutdown hooks run. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the server JVM did not die within 30 s of SIGKILL");
    }
  }

  int port() {
    return port;
  }

  /** Stops the server gracefully, then forcibly if it does not exit in time. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(40, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
