package dev.atelier.stacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.stacks.StackException.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryStacksTests {

  private final Map<String, String> files = new HashMap<>();

  private Optional<ResolvedStack> resolve() {
    return RepositoryStacks.resolve(path -> Optional.ofNullable(files.get(path)));
  }

  @Test
  void repositoryWithoutStackFileHasNoStack() {
    files.put("README.md", "# hello");

    assertThat(resolve()).isEmpty();
  }

  @Test
  void atelierStackFileWinsOverDevcontainer() {
    files.put(".devcontainer/devcontainer.json", "{\"name\": \"Dev\"}");
    files.put(".devcontainer.json", "{\"name\": \"Root dev\"}");
    files.put(".atelier/stack.json", "{\"name\": \"Atelier\"}");

    ResolvedStack resolved = resolve().orElseThrow();

    assertThat(resolved.sourcePath()).isEqualTo(".atelier/stack.json");
    assertThat(resolved.stack().name()).isEqualTo("Atelier");
    assertThat(resolved.stack().id()).isEqualTo("repository");
  }

  @Test
  void devcontainerFolderWinsOverRootDevcontainer() {
    files.put(".devcontainer.json", "{\"name\": \"Root dev\"}");
    files.put(".devcontainer/devcontainer.json", "{\"image\": \"node:20\"}");

    ResolvedStack resolved = resolve().orElseThrow();

    assertThat(resolved.sourcePath()).isEqualTo(".devcontainer/devcontainer.json");
    assertThat(resolved.stack().name()).isEqualTo("Repository stack");
    assertThat(resolved.stack().image()).isEqualTo("node:20");
  }

  @Test
  void rootDevcontainerIsTheLastResort() {
    files.put(".devcontainer.json", "{\"name\": \"Root dev\"}");

    assertThat(resolve()).map(ResolvedStack::sourcePath).contains(".devcontainer.json");
  }

  @Test
  void invalidPreferredFileIsAnErrorNotAFallback() {
    files.put(".atelier/stack.json", "{\"forwardPorts\": [\"x\"]}");
    files.put(".devcontainer/devcontainer.json", "{}");

    assertThatThrownBy(this::resolve)
        .isInstanceOf(StackException.class)
        .hasMessageStartingWith(".atelier/stack.json: forwardPorts[0]: ");
  }

  @Test
  void readerFailureIsUnreadable() {
    assertThatThrownBy(
            () ->
                RepositoryStacks.resolve(
                    path -> {
                      throw new UncheckedIOException(new IOException("disk on fire"));
                    }))
        .isInstanceOfSatisfying(
            StackException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNREADABLE))
        .hasMessageContaining(".atelier/stack.json")
        .hasMessageContaining("disk on fire");
  }

  @Test
  void resolvesFromACheckedOutDirectory(@TempDir Path repo) throws IOException {
    assertThat(RepositoryStacks.resolve(repo)).isEmpty();

    Files.createDirectories(repo.resolve(".devcontainer"));
    Files.writeString(
        repo.resolve(".devcontainer/devcontainer.json"),
        "// JSONC\n{\"name\": \"From disk\", \"forwardPorts\": [5000,],}");

    ResolvedStack resolved = RepositoryStacks.resolve(repo).orElseThrow();
    assertThat(resolved.stack().name()).isEqualTo("From disk");
    assertThat(resolved.stack().forwardPorts()).containsExactly(5000);
  }

  @Test
  void symbolicLinkOutOfTheRepositoryIsRefused(@TempDir Path dir) throws IOException {
    Path secret = Files.writeString(dir.resolve("secret.json"), "{\"name\": \"secret\"}");
    Path repo = Files.createDirectories(dir.resolve("repo/.atelier"));
    Files.createSymbolicLink(repo.resolve("stack.json"), secret);

    assertThatThrownBy(() -> RepositoryStacks.resolve(dir.resolve("repo")))
        .isInstanceOfSatisfying(
            StackException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNREADABLE))
        .hasMessageStartingWith(".atelier/stack.json: ")
        .hasMessageContaining("outside the repository");
  }

  @Test
  void nonUtf8FileIsUnreadable(@TempDir Path repo) throws IOException {
    Files.createDirectories(repo.resolve(".atelier"));
    Files.write(repo.resolve(".atelier/stack.json"), new byte[] {'{', (byte) 0xff, '}'});

    assertThatThrownBy(() -> RepositoryStacks.resolve(repo))
        .isInstanceOf(StackException.class)
        .hasMessage(".atelier/stack.json: the file is not UTF-8 text, save it as UTF-8");
  }
}
