package dev.atelier.extensions.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDT LS command line. JDT LS itself cannot be installed here, so the launch script runs with
 * {@code /bin/sh} against fake installations whose {@code java} and {@code jdtls} print the
 * arguments they were given.
 */
class JdtLanguageServerTests {

  @TempDir Path dir;

  @Test
  void dataAndConfigurationLiveInAPerWorkspaceCacheFolder() {
    assertThat(JdtLanguageServer.dataDirectory("ws-1"))
        .isEqualTo("${XDG_CACHE_HOME:-/tmp}/atelier/jdtls/ws-1/data");
    assertThat(JdtLanguageServer.configurationDirectory("ws-1"))
        .isEqualTo("${XDG_CACHE_HOME:-/tmp}/atelier/jdtls/ws-1/config");
    assertThatThrownBy(() -> JdtLanguageServer.dataDirectory("a b;rm"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void javaArgumentsStartTheEquinoxApplicationWithASharedReadOnlyConfiguration() {
    List<String> args =
        JdtLanguageServer.javaArguments("/opt/jdtls", "/opt/jdtls/plugins/l.jar", "/c", "/d");
    assertThat(args)
        .containsSubsequence(
            "-Declipse.application=org.eclipse.jdt.ls.core.id1",
            "-Dosgi.sharedConfiguration.area=/opt/jdtls/config_linux",
            "-Dosgi.sharedConfiguration.area.readOnly=true",
            "--add-modules=ALL-SYSTEM",
            "-jar",
            "/opt/jdtls/plugins/l.jar",
            "-configuration",
            "/c",
            "-data",
            "/d");
  }

  @Test
  void withJdtlsHomeTheNewestLauncherJarRunsOnJava() throws Exception {
    Path home = Files.createDirectories(dir.resolve("jdtls"));
    Files.createDirectories(home.resolve("plugins"));
    Files.createFile(home.resolve("plugins/org.eclipse.equinox.launcher_1.6.800.v2023.jar"));
    Files.createFile(home.resolve("plugins/org.eclipse.equinox.launcher_1.6.900.v2024.jar"));
    Path bin = fakeProgram("java");
    Result result =
        run(
            Map.of(
                "JDTLS_HOME",
                home.toString(),
                "PATH",
                bin + ":/usr/bin:/bin",
                "XDG_CACHE_HOME",
                dir.resolve("cache").toString()));

    assertThat(result.code).isZero();
    String data = dir.resolve("cache/atelier/jdtls/ws1/data").toString();
    String config = dir.resolve("cache/atelier/jdtls/ws1/config").toString();
    assertThat(result.argv.get(0)).isEqualTo("java");
    assertThat(result.argv.subList(1, result.argv.size()))
        .isEqualTo(
            JdtLanguageServer.javaArguments(
                home.toString(),
                home.resolve("plugins/org.eclipse.equinox.launcher_1.6.900.v2024.jar").toString(),
                config,
                data));
    assertThat(Path.of(data)).isDirectory();
    assertThat(Path.of(config)).isDirectory();
  }

  @Test
  void withoutJdtlsHomeAJdtlsOnThePathIsUsedWithTheDataFolder() throws Exception {
    Path bin = fakeProgram("jdtls");
    Result result =
        run(
            Map.of(
                "PATH", bin + ":/usr/bin:/bin", "XDG_CACHE_HOME", dir.resolve("cache").toString()));
    assertThat(result.code).isZero();
    assertThat(result.argv)
        .containsExactly("jdtls", "-data", dir.resolve("cache/atelier/jdtls/ws1/data").toString());
  }

  @Test
  void withoutEitherTheScriptSaysNotInstalledAndExits127() throws Exception {
    Result result =
        run(Map.of("PATH", "/usr/bin:/bin", "JDTLS_HOME", dir.resolve("nothing").toString()));
    assertThat(result.code).isEqualTo(127);
    assertThat(result.stderr).contains(JdtLanguageServer.NOT_INSTALLED_MARKER);
    assertThat(result.argv).isEmpty();
  }

  private record Result(int code, List<String> argv, String stderr) {}

  private Result run(Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder("/bin/sh", "-c", JdtLanguageServer.launchScript("ws1"));
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.directory(dir.toFile());
    Process process = builder.start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    List<String> argv = out.isEmpty() ? List.of() : List.of(out.split("\n"));
    return new Result(process.exitValue(), argv, err);
  }

  /** A program that prints its name and arguments, one per line. */
  private Path fakeProgram(String name) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin-" + name));
    Path program = bin.resolve(name);
    Files.writeString(
        program, "#!/bin/sh\necho " + name + "\nfor a in \"$@\"; do echo \"$a\"; done\n");
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }
}
