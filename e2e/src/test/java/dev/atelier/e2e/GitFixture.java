package dev.atelier.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Makes small git repositories with the {@code git} command line (the e2e module has no JGit). */
final class GitFixture {

  private GitFixture() {}

  /**
   * Creates a bare repository with one commit holding {@code files} (path → content).
   *
   * @return the bare repository's folder
   */
  static Path bareRepository(Path parent, String name, java.util.Map<String, String> files)
      throws IOException, InterruptedException {
    Path work = parent.resolve(name + "-work");
    Files.createDirectories(work);
    git(work, "init", "-q", "-b", "main");
    for (var file : files.entrySet()) {
      Path path = work.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
    }
    git(work, "add", "-A");
    git(
        work,
        "-c",
        "user.name=Atelier E2E",
        "-c",
        "user.email=e2e@atelier.invalid",
        "commit",
        "-q",
        "-m",
        "Initial commit");
    Path bare = parent.resolve(name + ".git");
    git(parent, "clone", "-q", "--bare", work.toString(), bare.toString());
    return bare;
  }

  private static void git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed in " + dir + ":\n" + output);
    }
  }
}
