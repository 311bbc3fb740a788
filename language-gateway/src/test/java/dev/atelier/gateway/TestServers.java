package dev.atelier.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Where the real language servers of the tests are, and why one is missing. */
final class TestServers {

  private TestServers() {}

  /** The npm fixture folder with typescript-language-server and typescript (see pom.xml). */
  static Path jsDir() {
    return Path.of(System.getProperty("gateway.js.dir", "src/test/js")).toAbsolutePath().normalize();
  }

  static Path typescriptLanguageServer() {
    return jsDir().resolve("node_modules/.bin/typescript-language-server");
  }

  static Optional<String> missingPylsp() {
    if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
      return Optional.of("/usr/bin/python3 is not installed (apt-get install python3-pylsp python3-pyflakes)");
    }
    if (!succeeds("/usr/bin/python3", "-c", "import pylsp, pyflakes")) {
      return Optional.of("pylsp or pyflakes is missing (apt-get install python3-pylsp python3-pyflakes python3-pycodestyle)");
    }
    return Optional.empty();
  }

  static Optional<String> missingClangd() {
    if (!Files.isExecutable(Path.of("/usr/bin/clangd"))) {
      return Optional.of("clangd is not installed (apt-get install clangd)");
    }
    return Optional.empty();
  }

  static Optional<String> missingTypeScript() {
    if (!Files.isExecutable(Path.of("/usr/bin/node"))) {
      return Optional.of("node is not installed at /usr/bin/node");
    }
    if (!Files.exists(typescriptLanguageServer())) {
      return Optional.of("typescript-language-server is not installed in " + jsDir() + " (mvn runs npm ci there unless -DskipTests)");
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
