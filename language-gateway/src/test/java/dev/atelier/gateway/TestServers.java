package dev.atelier.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Where the real language servers of the tests are, and why one is missing. */
public final class TestServers {

  private TestServers() {}

  /** The npm fixture folder with typescript-language-server and typescript (see pom.xml). */
  public static Path jsDir() {
    String configured = System.getProperty("gateway.js.dir");
    if (configured != null) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    // Run outside surefire (the benchmark through exec:java): next to target/test-classes.
    try {
      Path classes =
          Path.of(TestServers.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return classes.getParent().getParent().resolve("src/test/js").normalize();
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return Path.of("src/test/js").toAbsolutePath().normalize();
    }
  }

  public static Path typescriptLanguageServer() {
    return jsDir().resolve("node_modules/.bin/typescript-language-server");
  }

  public static Optional<String> missingPylsp() {
    if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
      return Optional.of(
          "/usr/bin/python3 is not installed (apt-get install python3-pylsp python3-pyflakes)");
    }
    if (!succeeds("/usr/bin/python3", "-c", "import pylsp, pyflakes")) {
      return Optional.of(
          "pylsp or pyflakes is missing (apt-get install python3-pylsp python3-pyflakes python3-pycodestyle)");
    }
    return Optional.empty();
  }

  public static Optional<String> missingClangd() {
    if (!Files.isExecutable(Path.of("/usr/bin/clangd"))) {
      return Optional.of("clangd is not installed (apt-get install clangd)");
    }
    return Optional.empty();
  }

  public static Optional<String> missingTypeScript() {
    if (!Files.isExecutable(Path.of("/usr/bin/node"))) {
      return Optional.of("node is not installed at /usr/bin/node");
    }
    if (!Files.exists(typescriptLanguageServer())) {
      return Optional.of(
          "typescript-language-server is not installed in "
              + jsDir()
              + " (mvn runs npm ci there unless -DskipTests)");
    }
    return Optional.empty();
  }

  private static boolean succeeds(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
