package dev.atelier.server.collab;

import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Reads and writes workspace files as the UTF-8 text of shared documents. */
final class WorkspaceText {

  /** A file cannot be a shared document; the close code and message say why. */
  static final class Unavailable extends RuntimeException {
    private final int closeCode;

    Unavailable(int closeCode, String message) {
      super(message);
      this.closeCode = closeCode;
    }

    int closeCode() {
      return closeCode;
    }
  }

  /** 1009: too big. */
  static final int TOO_BIG = 1009;

  /** 1003: not text. */
  static final int NOT_TEXT = 1003;

  /** 1008: not a file (a folder, outside the workspace). */
  static final int REFUSED = 1008;

  /** 1013: try again later (the workspace has no files yet, I/O error). */
  static final int TRY_AGAIN_LATER = 1013;

  private final WorkspaceRuntime runtime;
  private final long maxFileBytes;

  WorkspaceText(WorkspaceRuntime runtime, long maxFileBytes) {
    this.runtime = runtime;
    this.maxFileBytes = maxFileBytes;
  }

  WorkspaceFiles files(String workspaceId) {
    return runtime.files(workspaceId);
  }

  /**
   * The file's text, or empty when it does not exist (a new file, created on the first edit).
   *
   * @throws Unavailable for folders, binary or oversized files, paths outside the workspace, and a
   *     workspace whose files cannot be reached
   */
  Optional<String> read(String workspaceId, String path) {
    byte[] bytes;
    try {
      WorkspaceFiles files = runtime.files(workspaceId);
      Optional<WorkspaceFiles.FileEntry> entry = files.stat(path);
      if (entry.isEmpty()) {
        return Optional.empty();
      }
      if (entry.get().directory()) {
        throw new Unavailable(REFUSED, "'" + path + "' is a folder; open a file");
      }
      if (entry.get().size() > maxFileBytes) {
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
    if (bytes.length > maxFileBytes) {
      throw tooBig(path);
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      throw new Unavailable(
          NOT_TEXT, "'" + path + "' is not UTF-8 text and cannot be edited collaboratively");
    }
  }

  private Unavailable tooBig(String path) {
    return new Unavailable(
        TOO_BIG,
        "'" + path + "' is larger than the " + maxFileBytes + "-byte limit for shared documents");
  }
}
