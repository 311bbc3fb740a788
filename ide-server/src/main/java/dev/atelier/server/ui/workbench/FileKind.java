package dev.atelier.server.ui.workbench;

import dev.atelier.documents.EditableText;
import dev.atelier.server.files.FileInfo;
import dev.atelier.server.files.FileService;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * How a file opens in the editor area: co-edited text, a read-only view of a large text, or a
 * notice for binary and huge files.
 */
sealed interface FileKind {

  /** Larger files are not shown at all (only offered for download). */
  long MAX_VIEWABLE_BYTES = 32L * 1024 * 1024;

  String path();

  /** Text to co-edit in the file's room. */
  record Collaborative(String path) implements FileKind {}

  /**
   * Text larger than the {@link EditableText} limit ({@code atelier.collab.max-file-size}), shown
   * read-only without a room: the room would refuse it.
   */
  record LargeText(String path, long size, String content) implements FileKind {}

  /** Not shown as text; offered for download. */
  record NotText(String path, long size, boolean binary) implements FileKind {}

  /**
   * Looks at {@code path} through the files service (which checks the user's access).
   *
   * @throws dev.atelier.server.error.AtelierException {@code NOT_FOUND} when there is no such file,
   *     {@code VALIDATION_FAILED} for a folder, and the service's other errors
   */
  static FileKind inspect(FileService files, String userId, String workspaceId, String path) {
    FileInfo info = files.stat(userId, workspaceId, path);
    if (info.directory()) {
      throw new dev.atelier.server.error.AtelierException(
          dev.atelier.server.error.ErrorCode.VALIDATION_FAILED,
          "'" + info.path() + "' is a folder: open a file inside it.");
    }
    return classify(
        files.editableText(),
        info.path(),
        info.size(),
        () -> files.read(userId, workspaceId, path));
  }

  /**
   * Decides from the size first, reading the content only when it may be shown; text and size by
   * the rooms' own {@code rule}.
   */
  static FileKind classify(EditableText rule, String path, long size, Supplier<byte[]> content) {
    if (size > MAX_VIEWABLE_BYTES) {
      return new NotText(path, size, false);
    }
    byte[] bytes = content.get();
    return switch (rule.classify(bytes)) {
      case NOT_TEXT -> new NotText(path, bytes.length, true);
      case TOO_LARGE ->
          new LargeText(path, bytes.length, new String(bytes, StandardCharsets.UTF_8));
      case EDITABLE -> new Collaborative(path);
    };
  }

  /** {@code 5.2 MB}, {@code 812 KB}, {@code 17 bytes}. */
  static String size(long bytes) {
    if (bytes >= 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
    if (bytes >= 1024) {
      return (bytes / 1024) + " KB";
    }
    return bytes + " bytes";
  }
}
