package dev.atelier.server.ui.workbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileKindTests {

  @TempDir Path root;

  @Test
  void smallTextIsCoEdited() throws Exception {
    Files.writeString(root.resolve("a.py"), "print(1)\n");
    assertThat(FileKind.inspect(files(), "a.py")).isEqualTo(new FileKind.Collaborative("a.py"));
  }

  @Test
  void textOverFiveMegabytesOpensReadOnlyWithItsContent() throws Exception {
    byte[] big = new byte[(int) FileKind.MAX_COLLABORATIVE_BYTES + 10];
    Arrays.fill(big, (byte) 'x');
    Files.write(root.resolve("big.log"), big);
    FileKind kind = FileKind.inspect(files(), "big.log");
    assertThat(kind).isInstanceOf(FileKind.LargeText.class);
    assertThat(((FileKind.LargeText) kind).content()).hasSize(big.length);
  }

  @Test
  void binaryIsNotOpenedAsText() throws Exception {
    Files.write(root.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1});
    assertThat(FileKind.inspect(files(), "logo.png"))
        .isEqualTo(new FileKind.NotText("logo.png", 7, true));
  }

  @Test
  void missingFilesAndFoldersAreRefusedWithAMessage() throws Exception {
    Files.createDirectories(root.resolve("src"));
    assertThatThrownBy(() -> FileKind.inspect(files(), "nope.py"))
        .isInstanceOfSatisfying(
            AtelierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
        .hasMessageContaining("no file 'nope.py'");
    assertThatThrownBy(() -> FileKind.inspect(files(), "src"))
        .hasMessageContaining("'src' is a folder");
  }

  /** Just enough of a workspace's files over a temporary folder. */
  private WorkspaceFiles files() {
    return new WorkspaceFiles() {
      @Override
      public List<FileEntry> list(String dir) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Optional<FileEntry> stat(String path) {
        Path p = root.resolve(path);
        if (!Files.exists(p)) {
          return Optional.empty();
        }
        try {
          return Optional.of(
              new FileEntry(
                  path, Files.isDirectory(p), Files.isDirectory(p) ? 0 : Files.size(p), 0));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }

      @Override
      public byte[] read(String path) {
        try {
          return Files.readAllBytes(root.resolve(path));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }

      @Override
      public void write(String path, byte[] content) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void createDirectories(String path) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void move(String from, String to) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void delete(String path) {
        throw new UnsupportedOperationException();
      }

      @Override
      public AutoCloseable watch(FileChangeListener listener) {
        throw new UnsupportedOperationException();
      }
    };
  }
}
