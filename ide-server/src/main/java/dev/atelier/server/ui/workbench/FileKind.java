package dev.atelier.server.ui.workbench;

import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceFiles.FileEntry;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import java.nio.charset.StandardCharsets;

/**
 * How a file opens in the editor area: co-edited text, a read-only view of a large text, or a
 * notice for binary and huge files.
 */
sealed interface FileKind {

  /**
   * Larger files open read-only without a room: co-editing megabytes per keystroke does not scale.
   */
  long MAX_COLLABORATIVE_BYTES = 5L * 1024 * 1024;

  /** Larger files are not shown at all (only offered for download). */
  long MAX_VIEWABLE_BYTES = 32L * 1024 * 1024;

  /** How many leading bytes are looked at for a NUL byte, as git does to spot binary files. */
  int BINARY_SNIFF_BYTES = 8000;

  String path();

  /** Text to co-edit in the file's room. */
  record Collaborative(String path) implements FileKind {}

  /** Text shown read-only, without a room. */
  record LargeText(String path, long size, String content) implements FileKind {}

  /** Not shown as text; offered for download. */
  record NotText(String path, long size, boolean binary) implements FileKind {}

  /**
   * Looks at {@code path} in {@code files}.
   *
   * @throws AtelierException {@code NOT_FOUND} when there is no such file, {@code
   *     VALIDATION_FAILED} for a folder, {@code RUNTIME_UNAVAILABLE} when the files cannot be read
   */
  static FileKind inspect(WorkspaceFiles files, String path) {
    try {
      FileEntry entry =
          files
              .stat(path)
              .orElseThrow(
                  () ->
                      new AtelierException(
                          ErrorCode.NOT_FOUND,
                          "There is no file '" + path + "' in this workspace."));
      if (entry.directory()) {
        throw new AtelierException(
            ErrorCode.VALIDATION_FAILED, "'" + path + "' is a folder: open a file inside it.");
      }
      if (entry.size() > MAX_VIEWABLE_BYTES) {
        return new NotText(path, entry.size(), false);
      }
      byte[] content = files.read(path);
      if (isBinary(content)) {
        return new NotText(path, content.length, true);
      }
      if (content.length > MAX_COLLABORATIVE_BYTES) {
        return new LargeText(path, content.length, new String(content, StandardCharsets.UTF_8));
      }
      return new Collaborative(path);
    } catch (WorkspaceRuntimeException e) {
      throw new AtelierException(
          ErrorCode.RUNTIME_UNAVAILABLE,
          "Could not read '" + path + "': " + e.getMessage() + " Start the workspace and retry.");
    }
  }

  static boolean isBinary(byte[] content) {
    int limit = Math.min(content.length, BINARY_SNIFF_BYTES);
    for (int i = 0; i < limit; i++) {
      if (content[i] == 0) {
        return true;
      }
    }
    return false;
  }

  /** {@code 5.2 MB}, {@code 812 KB}, {@code 17 bytes}. */
  static String size(long bytes) {
    if (bytes >= 1024 * 1024) {
      return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
    if (bytes >= 1024) {
      return (bytes / 1024) + " KB";
    }
    return bytes + " bytes";
  }
}
