package dev.atelier.documents;

import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads and writes workspace files as the UTF-8 text of shared documents, by the {@link
 * EditableText} rule.
 */
public final class WorkspaceText {

  /** A file cannot be a shared document; the close code and message say why. */
  public static final class Unavailable extends RuntimeException {
    private final int closeCode;

    Unavailable(int closeCode, String message) {
      super(message);
      this.closeCode = closeCode;
    }

    public int closeCode() {
      return closeCode;
    }
  }

  /** 1009: too big. */
  public static final int TOO_BIG = 1009;

  /** 1003: not text. */
  public static final int NOT_TEXT = 1003;

  /** 1008: not a file (a folder, outside the workspace). */
  public static final int REFUSED = 1008;

  /** 1013: try again later (the workspace has no files yet, I/O error). */
  public static final int TRY_AGAIN_LATER = 1013;

  private final Function<String, WorkspaceFiles> files;
  private final EditableText rule;

  /**
   * @param files the files of a workspace (the runtime's {@code files(workspaceId)})
   * @param rule what may be a shared document
   */
  public WorkspaceText(Function<String, WorkspaceFiles> files, EditableText rule) {
    this.files = files;
    this.rule = rule;
  }

  WorkspaceFiles files(String workspaceId) {
    return files.apply(workspaceId);
  }

  /**
   * The file's text, or empty when it does not exist (a new file, created on the first edit).
   *
   * @throws Unavailable for folders, binary or oversized files, paths outside the workspace, and a
   *     workspace whose files cannot be reached
   */
  public Optional<String> read(String workspaceId, String path) {
    byte[] bytes;
    try {
      WorkspaceFiles files = files(workspaceId);
      Optional<WorkspaceFiles.FileEntry> entry = files.stat(path);
      if (entry.isEmpty()) {
        return Optional.empty();
      }
      if (entry.get().directory()) {
        throw new Unavailable(REFUSED, "'" + path + "' is a folder; open a file");
      }
      if (rule.tooLarge(entry.get().size())) {
        throw tooBig(path);
      }
      bytes = files.read(path);
    } catch (WorkspaceRuntimeException e) {
      switch (e.code()) {
        case FILE_NOT_FOUND:
          return Optional.empty(); // deleted between stat and read
        case PATH_OUTSIDE_WORKSPACE:
        case INVALID_PATH:
          throw new Unavailable(REFUSED, e.getMessage());
        default:
          throw new Unavailable(TRY_AGAIN_LATER, e.getMessage());
      }
    }
    if (rule.tooLarge(bytes.length)) {
      throw tooBig(path);
    }
    Optional<String> text = EditableText.decode(bytes);
    if (text.isEmpty()) {
      throw new Unavailable(
          NOT_TEXT, "'" + path + "' is not UTF-8 text and cannot be edited collaboratively");
    }
    return text;
  }

  private Unavailable tooBig(String path) {
    return new Unavailable(
        TOO_BIG,
        "'"
            + path
            + "' is larger than the "
            + rule.maxBytes()
            + "-byte limit for shared documents");
  }
}
