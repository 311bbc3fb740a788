package dev.atelier.runtime.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host uid and gid a sandbox runs as when the server runs as root, so that no workspace process
 * is ever host root: bubblewrap is started through {@code setpriv --reuid --regid --clear-groups},
 * the sandbox user (uid 1000 inside) maps to {@link #uid()} on the host, and workspace content
 * belongs to it. Numeric ids need no {@code /etc/passwd} entry.
 */
record HostIdentity(int uid, int gid) {

  /** Whether this process's effective uid is 0, read from {@code /proc/self/status}. */
  static boolean serverIsRoot() {
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
        if (line.startsWith("Uid:")) {
          String[] ids = line.substring(4).trim().split("\\s+");
          return ids.length > 1 && ids[1].equals("0");
        }
      }
    } catch (IOException e) {
      // not Linux: no sandbox anyway
    }
    return false;
  }
}
