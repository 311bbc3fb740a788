package dev.atelier.runtime.local;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enlarges the kernel buffers of the pipes the server shares with a child process (its standard
 * input and output). A pipe holds 64 KiB by default, less than the agent's window of stream data:
 * the writer then blocks after every frame until the reader has drained it, and each 64 KiB costs
 * both processes a wake-up. With {@value #SIZE} bytes the writer goes on while the reader catches
 * up. Only a performance measure: when it fails (the user's pipe allowance is used up, no libc
 * through JNA) the pipes keep their size.
 *
 * <p>Java does not expose a child's pipe descriptors, so they are found by their inode: the child's
 * {@code /proc/<pid>/fd/0} and {@code 1} name the pipes, the JVM's own {@code /proc/self/fd} the
 * descriptors of their other ends.
 */
final class PipeBuffers {

  private static final Logger log = LoggerFactory.getLogger(PipeBuffers.class);

  /** Bytes per pipe: the agent's window ({@code Wire.WINDOW}); Linux' unprivileged maximum. */
  static final int SIZE = 1 << 20;

  private static final int F_SETPIPE_SZ = 1031;
  private static final int F_GETPIPE_SZ = 1032;

  private PipeBuffers() {}

  interface CLibrary extends Library {
    int fcntl(int fd, int cmd, int arg);
  }

  private static final class Holder {
    static final CLibrary LIBC = load();

    private static CLibrary load() {
      try {
        return Native.load("c", CLibrary.class);
      } catch (LinkageError e) {
        return null;
      }
    }
  }

  /**
   * Enlarges the pipes on standard input and output of the running process {@code pid}, a direct
   * child started with pipes; returns how many were enlarged.
   */
  static int enlarge(long pid) {
    if (Holder.LIBC == null) {
      return 0;
    }
    Set<String> pipes = new HashSet<>();
    for (int fd = 0; fd <= 1; fd++) {
      try {
        String link = Files.readSymbolicLink(Path.of("/proc/" + pid + "/fd/" + fd)).toString();
        if (link.startsWith("pipe:[")) {
          pipes.add(link);
        }
      } catch (IOException | UnsupportedOperationException e) {
        return 0; // gone already, or no /proc
      }
    }
    int enlarged = 0;
    try (DirectoryStream<Path> own = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path entry : own) {
        String link;
        try {
          link = Files.readSymbolicLink(entry).toString();
        } catch (IOException e) {
          continue; // closed meanwhile (the directory's own descriptor, say)
        }
        if (pipes.contains(link)) {
          int fd = Integer.parseInt(entry.getFileName().toString());
          if (Holder.LIBC.fcntl(fd, F_SETPIPE_SZ, SIZE) >= 0) {
            enlarged++;
          } else {
            log.debug("F_SETPIPE_SZ on {} failed (errno {})", link, Native.getLastError());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      log.debug("Could not enlarge the pipes of process {}: {}", pid, e.toString());
    }
    return enlarged;
  }

  /** The size of the pipe behind descriptor {@code fd} of this JVM, or -1 (tests). */
  static int size(int fd) {
    return Holder.LIBC == null ? -1 : Holder.LIBC.fcntl(fd, F_GETPIPE_SZ, 0);
  }
}
