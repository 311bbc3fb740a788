package dev.atelier.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Search reads each file with its size bound, so a file that grew after the listing is skipped. */
class FileSearchLimitTests {

  @Test
  void aFileThatGrewPastTheLimitAfterTheListingIsNotReadInFull() {
    byte[] grown = ("needle\n" + "x".repeat(3 * 1024 * 1024)).getBytes(StandardCharsets.UTF_8);
    GrowingFiles tree =
        new GrowingFiles(Map.of("small.txt", "a needle\n".getBytes(), "grown.txt", grown));
    FileService service = mock(FileService.class);
    when(service.files(any(), any(), any())).thenReturn(tree);

    FileSearch.Result result =
        new FileSearch(service)
            .search("u", "w", new FileSearch.Query("needle", false, false, false));

    assertThat(result.files())
        .extracting(FileSearch.FileMatches::path)
        .containsExactly("small.txt");
    assertThat(tree.unboundedReads).isEmpty();
    assertThat(tree.limits).containsOnly(FileSearch.MAX_FILE_SIZE);
  }

  /** Lists every file as 10 bytes; the content may be far larger by the time it is read. */
  private static final class GrowingFiles implements WorkspaceFiles {
    final Map<String, byte[]> content;
    final List<String> unboundedReads = new CopyOnWriteArrayList<>();
    final List<Long> limits = new CopyOnWriteArrayList<>();

    GrowingFiles(Map<String, byte[]> content) {
      this.content = content;
    }

    @Override
    public List<FileEntry> list(String dir) {
      return content.keySet().stream().sorted().map(p -> new FileEntry(p, false, 10, 0)).toList();
    }

    @Override
    public Optional<FileEntry> stat(String path) {
      return Optional.empty();
    }

    @Override
    public byte[] read(String path) {
      unboundedReads.add(path);
      return content.get(path);
    }

    @Override
    public byte[] read(String path, long maxBytes) {
      limits.add(maxBytes);
      byte[] bytes = content.get(path);
      if (bytes.length > maxBytes) {
        throw new WorkspaceRuntimeException(ErrorCode.IO, path + " is larger than " + maxBytes);
      }
      return bytes;
    }

    @Override
    public void write(String path, byte[] bytes) {}

    @Override
    public void createDirectories(String path) {}

    @Override
    public void move(String from, String to) {}

    @Override
    public void delete(String path) {}

    @Override
    public AutoCloseable watch(FileChangeListener listener) {
      return () -> {};
    }
  }
}
