package dev.atelier.runtime.spi;

import java.util.List;
import java.util.Optional;

/**
 * File access rooted at a workspace's {@code /workspace} folder. Paths are relative, with {@code /}
 * separators ({@code src/Main.java}; {@code ""} is the root). A path that is absolute, contains
 * {@code ..} segments that leave the root, or resolves through a symbolic link to outside the root
 * is refused with {@code PATH_OUTSIDE_WORKSPACE}.
 */
public interface WorkspaceFiles {

  /** The entries of a folder, folders first then by name. */
  List<FileEntry> list(String dir);

  /** The entry at a path, if it exists. */
  Optional<FileEntry> stat(String path);

  byte[] read(String path);

  /**
   * Reads a file of at most {@code maxBytes}; a larger one fails with {@code IO} without more than
   * that being transferred (implementations that can stop early do so; this default reads it all).
   */
  default byte[] read(String path, long maxBytes) {
    byte[] content = read(path);
    if (content.length > maxBytes) {
      throw new WorkspaceRuntimeException(
          WorkspaceRuntimeException.ErrorCode.IO,
          "'" + path + "' is larger than " + maxBytes + " bytes");
    }
    return content;
  }

  /** Writes a file atomically (temporary file + rename), creating parent folders. */
  void write(String path, byte[] content);

  void createDirectories(String path);

  /** Moves or renames a file or folder; fails when the target exists. */
  void move(String from, String to);

  /** Deletes a file, or a folder with everything in it. Deleting a missing path is a no-op. */
  void delete(String path);

  /**
   * Watches the whole tree for changes made by anyone (terminal, build tools, git). Events are
   * delivered on a runtime thread, coalesced where the platform does so. Closing the handle stops
   * watching.
   */
  AutoCloseable watch(FileChangeListener listener);

  /**
   * One entry of a folder listing.
   *
   * @param path relative path from the workspace root
   * @param directory whether it is a folder
   * @param size size in bytes (0 for folders)
   * @param modifiedMillis last modification, epoch milliseconds
   */
  record FileEntry(String path, boolean directory, long size, long modifiedMillis) {
    public String name() {
      int slash = path.lastIndexOf('/');
      return slash < 0 ? path : path.substring(slash + 1);
    }
  }

  /** A change of one path. */
  record FileChange(Kind kind, String path) {
    public enum Kind {
      CREATED,
      MODIFIED,
      DELETED
    }
  }

  /** Receives {@link FileChange}s. */
  @FunctionalInterface
  interface FileChangeListener {
    void onChange(FileChange change);
  }
}
