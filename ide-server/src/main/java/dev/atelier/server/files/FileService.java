package dev.atelier.server.files;

import dev.atelier.documents.EditableText;
import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceFiles.FileEntry;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.events.EventBus;
import dev.atelier.server.events.FileDeletedEvent;
import dev.atelier.server.events.FileMovedEvent;
import dev.atelier.server.workspace.WorkspaceAccess;
import dev.atelier.server.workspace.WorkspaceRole;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.stereotype.Service;

/**
 * Workspace files through the product (explorer, REST API): every call checks the user's role (READ
 * to look, WRITE to change) and the path, and maps the runtime's errors to problems a user can act
 * on. Moves and deletes are published as {@link FileMovedEvent} / {@link FileDeletedEvent} so that
 * open collaborative documents follow them.
 */
@Service
public class FileService {

  private final WorkspaceRuntime runtime;
  private final WorkspaceAccess access;
  private final EventBus events;
  private final EditableText editable;

  FileService(
      WorkspaceRuntime runtime, WorkspaceAccess access, EventBus events, EditableText editable) {
    this.runtime = runtime;
    this.access = access;
    this.events = events;
    this.editable = editable;
  }

  /**
   * What opens as a shared, editable document: the same rule the document rooms apply ({@code
   * atelier.collab.max-file-size}, strict UTF-8), so the editor never opens a room that refuses it.
   */
  public EditableText editableText() {
    return editable;
  }

  /** The entries of a folder, folders first then by name. */
  public List<FileInfo> list(String userId, String workspaceId, String dir) {
    String path = WorkspacePaths.normalize(dir);
    WorkspaceFiles files = files(userId, workspaceId, WorkspaceRole.READ);
    return call(() -> files.list(path).stream().map(FileInfo::of).toList());
  }

  /** The file or folder at {@code path}; {@code FILE_NOT_FOUND} when missing. */
  public FileInfo stat(String userId, String workspaceId, String path) {
    String normalized = WorkspacePaths.normalize(path);
    return statChecked(files(userId, workspaceId, WorkspaceRole.READ), normalized);
  }

  /** The content of a file. */
  public byte[] read(String userId, String workspaceId, String path) {
    String normalized = WorkspacePaths.normalize(path);
    WorkspaceFiles files = files(userId, workspaceId, WorkspaceRole.READ);
    FileInfo info = statChecked(files, normalized);
    if (info.directory()) {
      throw new AtelierException(
          ErrorCode.VALIDATION_FAILED,
          "'" + normalized + "' is a folder; download it as a zip instead.");
    }
    return call(() -> files.read(normalized));
  }

  /**
   * Size, text or binary, and whether the editor must open the file read-only, by the {@link
   * #editableText} rule.
   */
  public FileDescription describe(String userId, String workspaceId, String path) {
    byte[] content = read(userId, workspaceId, path);
    String normalized = WorkspacePaths.normalize(path);
    EditableText.Verdict verdict = editable.classify(content);
    return new FileDescription(
        normalized,
        content.length,
        verdict != EditableText.Verdict.NOT_TEXT,
        verdict == EditableText.Verdict.TOO_LARGE,
        editable.maxBytes());
  }

  /** Creates an empty file; {@code FILE_EXISTS} when something is already there. */
  public FileInfo createFile(String userId, String workspaceId, String path) {
    return write(userId, workspaceId, path, new byte[0], false);
  }

  /** Creates a folder (and missing parents); {@code FILE_EXISTS} when it already exists. */
  public FileInfo createFolder(String userId, String workspaceId, String path) {
    String normalized = requireNotRoot(WorkspacePaths.normalize(path));
    WorkspaceFiles files = files(userId, workspaceId, WorkspaceRole.WRITE);
    requireAbsent(files, normalized);
    call(() -> files.createDirectories(normalized));
    return statChecked(files, normalized);
  }

  /**
   * Writes a file (an upload), creating parent folders.
   *
   * @param overwrite whether an existing file may be replaced; folders are never replaced
   */
  public FileInfo write(
      String userId, String workspaceId, String path, byte[] content, boolean overwrite) {
    String normalized = requireNotRoot(WorkspacePaths.normalize(path));
    WorkspaceFiles files = files(userId, workspaceId, WorkspaceRole.WRITE);
    if (!overwrite) {
      requireAbsent(files, normalized);
    }
    call(() -> files.write(normalized, content));
    return statChecked(files, normalized);
  }

  /** Moves or renames a file or folder; the target must not exist. */
  public FileInfo move(String userId, String workspaceId, String from, String to) {
    String source = requireNotRoot(WorkspacePaths.normalize(from));
    String target = requireNotRoot(WorkspacePaths.normalize(to));
    WorkspaceFiles files = files(userId, workspaceId, WorkspaceRole.WRITE);
    FileInfo before = statChecked(files, source);
    if (source.equals(target)) {
      return before;
    }
    if (WorkspacePaths.isWithin(target, source)) {
      throw new AtelierException(
          ErrorCode.VALIDATION_FAILED,
          "Cannot move '" + source + "' into itself ('" + target + "').");
    }
    requireAbsent(files, target);
    call(() -> files.move(source, target));
    events.publish(new FileMovedEvent(workspaceId, source, target, before.directory()));
    return statChecked(files, target);
  }

  /** Deletes a file, or a folder with everything in it. */
  public void delete(String userId, String workspaceId, String path) {
    String normalized = requireNotRoot(WorkspacePaths.normalize(path));
    WorkspaceFiles files = files(userId, workspaceId, WorkspaceRole.WRITE);
    FileInfo info = statChecked(files, normalized);
    call(() -> files.delete(normalized));
    events.publish(new FileDeletedEvent(workspaceId, normalized, info.directory()));
  }

  /**
   * Writes a folder (the whole workspace for {@code ""}) as a zip to {@code out}, one file at a
   * time, so that memory use is bounded by the largest file. Entries are relative to the folder;
   * symbolic links that lead outside the workspace are left out.
   */
  public void zip(String userId, String workspaceId, String dir, OutputStream out) {
    String root = WorkspacePaths.normalize(dir);
    WorkspaceFiles files = files(userId, workspaceId, WorkspaceRole.READ);
    if (!root.isEmpty() && !statChecked(files, root).directory()) {
      throw new AtelierException(
          ErrorCode.VALIDATION_FAILED, "'" + root + "' is a file; download it directly.");
    }
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zipFolder(files, root, root, zip);
      zip.finish();
    } catch (IOException e) {
      throw new UncheckedIOException("writing the zip of '" + root + "' failed", e);
    }
  }

  private void zipFolder(WorkspaceFiles files, String root, String dir, ZipOutputStream zip)
      throws IOException {
    List<FileEntry> entries;
    try {
      entries = files.list(dir);
    } catch (WorkspaceRuntimeException e) {
      return; // vanished meanwhile, or a link that leads outside: not part of the zip
    }
    for (FileEntry entry : entries) {
      String name = root.isEmpty() ? entry.path() : entry.path().substring(root.length() + 1);
      if (entry.directory()) {
        ZipEntry folder = new ZipEntry(name + "/");
        folder.setTime(entry.modifiedMillis());
        zip.putNextEntry(folder);
        zip.closeEntry();
        zipFolder(files, root, entry.path(), zip);
      } else {
        byte[] content;
        try {
          content = files.read(entry.path());
        } catch (WorkspaceRuntimeException e) {
          continue;
        }
        ZipEntry file = new ZipEntry(name);
        file.setTime(entry.modifiedMillis());
        zip.putNextEntry(file);
        zip.write(content);
        zip.closeEntry();
      }
    }
  }

  /**
   * The runtime's file access for a user holding at least {@code role}. For features of this
   * package that walk the tree themselves (search, quick open).
   */
  WorkspaceFiles files(String userId, String workspaceId, WorkspaceRole role) {
    access.require(userId, workspaceId, role);
    return call(() -> runtime.files(workspaceId));
  }

  private static FileInfo statChecked(WorkspaceFiles files, String path) {
    return call(() -> files.stat(path))
        .map(FileInfo::of)
        .orElseThrow(
            () ->
                new AtelierException(
                    ErrorCode.FILE_NOT_FOUND,
                    "There is no file or folder '" + path + "' in this workspace.",
                    Map.of("path", path)));
  }

  private static void requireAbsent(WorkspaceFiles files, String path) {
    if (call(() -> files.stat(path)).isPresent()) {
      throw new AtelierException(
          ErrorCode.FILE_EXISTS,
          "'" + path + "' already exists; choose another name or delete it first.",
          Map.of("path", path));
    }
  }

  private static String requireNotRoot(String path) {
    if (path.isEmpty()) {
      throw new AtelierException(
          ErrorCode.INVALID_PATH, "This needs a file or folder path, not the workspace root.");
    }
    return path;
  }

  /** Runs a runtime call, turning its errors into problems. */
  static <T> T call(Supplier<T> action) {
    try {
      return action.get();
    } catch (WorkspaceRuntimeException e) {
      throw translate(e);
    }
  }

  static void call(Runnable action) {
    call(
        () -> {
          action.run();
          return null;
        });
  }

  static AtelierException translate(WorkspaceRuntimeException e) {
    return switch (e.code()) {
      case PATH_OUTSIDE_WORKSPACE ->
          new AtelierException(
              ErrorCode.INVALID_PATH,
              "The path leads outside the workspace (" + e.getMessage() + ").",
              Map.of(),
              e);
      case INVALID_PATH ->
          new AtelierException(ErrorCode.INVALID_PATH, capitalize(e.getMessage()), Map.of(), e);
      case FILE_NOT_FOUND ->
          new AtelierException(ErrorCode.FILE_NOT_FOUND, capitalize(e.getMessage()), Map.of(), e);
      case FILE_EXISTS ->
          new AtelierException(ErrorCode.FILE_EXISTS, capitalize(e.getMessage()), Map.of(), e);
      case NOT_FOUND, NOT_RUNNING ->
          new AtelierException(ErrorCode.WRONG_STATE, capitalize(e.getMessage()), Map.of(), e);
      default ->
          new AtelierException(
              ErrorCode.RUNTIME_UNAVAILABLE, capitalize(e.getMessage()), Map.of(), e);
    };
  }

  private static String capitalize(String message) {
    if (message == null || message.isEmpty()) {
      return "The workspace runtime refused the operation.";
    }
    return Character.toUpperCase(message.charAt(0)) + message.substring(1) + ".";
  }
}
