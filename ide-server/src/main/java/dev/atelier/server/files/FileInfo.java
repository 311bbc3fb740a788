package dev.atelier.server.files;

import dev.atelier.runtime.spi.WorkspaceFiles.FileEntry;

/**
 * A file or folder of a workspace as the explorer and the REST API show it.
 *
 * @param path workspace-relative path ({@code src/app.py})
 * @param name last segment of the path
 * @param directory whether it is a folder
 * @param size size in bytes (0 for folders)
 * @param modified last modification, epoch milliseconds
 */
public record FileInfo(String path, String name, boolean directory, long size, long modified) {

  static FileInfo of(FileEntry entry) {
    return new FileInfo(
        entry.path(), entry.name(), entry.directory(), entry.size(), entry.modifiedMillis());
  }
}
