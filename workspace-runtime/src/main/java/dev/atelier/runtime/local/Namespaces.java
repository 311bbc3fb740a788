package dev.atelier.runtime.local;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.util.Optional;

/**
 * Opens namespace file descriptors held by the JVM. A sandbox's namespaces are later entered by
 * {@code nsenter} through {@code /proc/<jvm-pid>/fd/<n>}: unlike {@code /proc/<pid>/ns/*} these
 * paths cannot be redirected to another process when a pid is reused.
 *
 * <p>The user namespace that owns a bubblewrap sandbox's PID and mount namespaces is not the one
 * its processes run in (bubblewrap maps the sandbox uid in a nested namespace) and no process lives
 * in it, so it is only reachable through {@code ioctl(NS_GET_USERNS)} on the PID namespace.
 */
final class Namespaces {

  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 0x80000;

  /** {@code _IO(0xb7, 0x1)} from linux/nsfs.h. */
  private static final long NS_GET_USERNS = 0xb701L;

  private static final long JVM_PID = ProcessHandle.current().pid();

  private Namespaces() {}

  /** libc, mapped with the few calls needed. */
  interface CLibrary extends Library {
    int open(String path, int flags);

    int ioctl(int fd, NativeLong request, Object... args);

    int close(int fd);
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

  static Optional<String> unavailableReason() {
    if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      return Optional.of("the sandbox needs Linux namespaces");
    }
    return Holder.LIBC == null
        ? Optional.of(
            "libc could not be loaded through JNA, so sandbox namespaces cannot be joined")
        : Optional.empty();
  }

  /** Opens {@code path} (e.g. {@code /proc/42/ns/pid}) and keeps it open in the JVM. */
  static NamespaceFd open(String path) throws IOException {
    int fd = Holder.LIBC.open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      throw new IOException("cannot open " + path + " (errno " + Native.getLastError() + ")");
    }
    return new NamespaceFd(fd);
  }

  /** The user namespace owning the namespace behind {@code ns}. */
  static NamespaceFd owningUserNamespace(NamespaceFd ns) throws IOException {
    int fd = Holder.LIBC.ioctl(ns.fd(), new NativeLong(NS_GET_USERNS));
    if (fd < 0) {
      throw new IOException(
          "ioctl(NS_GET_USERNS) failed (errno " + Native.getLastError() + "), kernel too old?");
    }
    return new NamespaceFd(fd);
  }

  /**
   * A file descriptor of this JVM referring to a namespace. Closed at most once: closing a number
   * twice could close an unrelated descriptor that reused it.
   */
  static final class NamespaceFd implements AutoCloseable {
    private final int fd;
    private final java.util.concurrent.atomic.AtomicBoolean closed =
        new java.util.concurrent.atomic.AtomicBoolean();

    NamespaceFd(int fd) {
      this.fd = fd;
    }

    int fd() {
      return fd;
    }

    /** A path other processes can open to get the same namespace. */
    String path() {
      return "/proc/" + JVM_PID + "/fd/" + fd;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        Holder.LIBC.close(fd);
      }
    }
  }
}
