package dev.atelier.agent;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.util.List;

/**
 * The few libc calls the agent needs to run processes, through JNA (loaded on the first exec only,
 * so an idle agent does not pay for it): {@code posix_spawn} with a session of its own, pipes and
 * pseudo-terminals, {@code waitpid}, {@code kill}. Linux on 64-bit glibc (the sandbox's and a pod's
 * C library); struct sizes are over-allocated rather than assumed.
 */
final class Posix {

  static final int SIGHUP = 1;
  static final int SIGINT = 2;
  static final int SIGKILL = 9;
  static final int SIGTERM = 15;
  static final int SIGSTOP = 19;
  static final int SIGCONT = 18;

  private static final int O_RDWR = 02;
  private static final int O_NOCTTY = 0400;
  private static final int O_CLOEXEC = 02000000;
  private static final int EINTR = 4;
  private static final int EIO = 5;
  private static final int TIOCSWINSZ = 0x5414;
  private static final int TIOCGPGRP = 0x540F;
  private static final int IUTF8 = 0x4000;
  private static final int POSIX_SPAWN_SETSIGDEF = 0x04;
  private static final int POSIX_SPAWN_SETSIGMASK = 0x08;
  private static final int POSIX_SPAWN_SETSID = 0x80;

  /** Signals a JVM may catch or ignore: the child gets their default action back. */
  private static final int[] DEFAULT_SIGNALS = {1, 2, 3, 10, 12, 13, 14, 15, 17, 20, 21, 22, 25};

  @SuppressWarnings("checkstyle:MethodName")
  interface LibC extends Library {
    int posix_spawn(
        IntByReference pid,
        String path,
        Pointer fileActions,
        Pointer attributes,
        String[] argv,
        String[] envp);

    int posix_spawn_file_actions_init(Pointer actions);

    int posix_spawn_file_actions_destroy(Pointer actions);

    int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

    int posix_spawn_file_actions_addopen(Pointer actions, int fd, String path, int flags, int mode);

    int posix_spawn_file_actions_addchdir_np(Pointer actions, String path);

    int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

    int posix_spawnattr_init(Pointer attributes);

    int posix_spawnattr_destroy(Pointer attributes);

    int posix_spawnattr_setflags(Pointer attributes, short flags);

    int posix_spawnattr_setsigmask(Pointer attributes, Pointer mask);

    int posix_spawnattr_setsigdefault(Pointer attributes, Pointer signals);

    int sigemptyset(Pointer set);

    int sigaddset(Pointer set, int signal);

    int pipe2(int[] fds, int flags);

    int posix_openpt(int flags);

    int grantpt(int fd);

    int unlockpt(int fd);

    int ptsname_r(int fd, byte[] buffer, long length);

    int ioctl(int fd, long request, Pointer argument);

    int ioctl(int fd, long request, IntByReference argument);

    int tcgetattr(int fd, Pointer termios);

    int tcsetattr(int fd, int when, Pointer termios);

    long read(int fd, byte[] buffer, long count);

    long write(int fd, byte[] buffer, long count);

    int close(int fd);

    int waitpid(int pid, IntByReference status, int options);

    int kill(int pid, int signal);

    String strerror(int error);
  }

  private static final LibC C = Native.load("c", LibC.class);

  /**
   * Fails with the call's errno when it returned -1. (JNA's {@code LastErrorException} on the
   * declaration would also fire after calls that succeeded but left errno set, which libc may do.)
   */
  private static long check(long result) {
    if (result == -1) {
      throw new LastErrorException(Native.getLastError());
    }
    return result;
  }

  private Posix() {}

  /** A pseudo-terminal: the master side and the name of the slave side. */
  record Pty(int master, String slave) {}

  /** Opens a pseudo-terminal of {@code columns} × {@code rows} with UTF-8 input handling. */
  static Pty openPty(int columns, int rows) {
    int master = (int) check(C.posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
    try {
      check(C.grantpt(master));
      check(C.unlockpt(master));
      byte[] name = new byte[128];
      int error = C.ptsname_r(master, name, name.length);
      if (error != 0) {
        throw new LastErrorException(error);
      }
      int length = 0;
      while (length < name.length && name[length] != 0) {
        length++;
      }
      Memory termios = new Memory(256);
      termios.clear();
      check(C.tcgetattr(master, termios));
      termios.setInt(0, termios.getInt(0) | IUTF8);
      check(C.tcsetattr(master, 0, termios));
      resize(master, columns, rows);
      return new Pty(master, new String(name, 0, length, java.nio.charset.StandardCharsets.UTF_8));
    } catch (LastErrorException e) {
      C.close(master);
      throw e;
    }
  }

  static void resize(int master, int columns, int rows) {
    Memory size = new Memory(8);
    size.setShort(0, (short) rows);
    size.setShort(2, (short) columns);
    size.setShort(4, (short) 0);
    size.setShort(6, (short) 0);
    check(C.ioctl(master, TIOCSWINSZ, size));
  }

  /** The terminal's foreground process group, or -1. */
  static int foregroundGroup(int master) {
    IntByReference group = new IntByReference();
    return C.ioctl(master, TIOCGPGRP, group) == -1 ? -1 : group.getValue();
  }

  /** A pipe: {@code [read end, write end]}, both close-on-exec. */
  static int[] pipe() {
    int[] fds = new int[2];
    check(C.pipe2(fds, O_CLOEXEC));
    return fds;
  }

  /**
   * Starts {@code path} as the leader of a new session, in {@code dir}, with exactly {@code env}.
   *
   * @param stdio the descriptors that become 0, 1 and 2; null when {@code pty} is given
   * @param pty the slave terminal to open as 0, 1, 2 (it becomes the controlling terminal)
   * @return the pid
   * @throws AgentException {@code START_FAILED} with the system's reason
   */
  static int spawn(
      String path, List<String> argv, List<String> env, String dir, int[] stdio, String pty) {
    Memory actions = new Memory(512);
    Memory attributes = new Memory(1024);
    Memory mask = new Memory(256);
    Memory defaults = new Memory(256);
    actions.clear();
    attributes.clear();
    check(C.posix_spawn_file_actions_init(actions), "file actions");
    check(C.posix_spawnattr_init(attributes), "attributes");
    try {
      check(C.posix_spawn_file_actions_addchdir_np(actions, dir), "chdir");
      if (pty != null) {
        check(C.posix_spawn_file_actions_addopen(actions, 0, pty, O_RDWR, 0), "open");
        check(C.posix_spawn_file_actions_adddup2(actions, 0, 1), "dup2");
        check(C.posix_spawn_file_actions_adddup2(actions, 0, 2), "dup2");
      } else {
        for (int fd = 0; fd < 3; fd++) {
          check(C.posix_spawn_file_actions_adddup2(actions, stdio[fd], fd), "dup2");
        }
      }
      try {
        // no descriptor of the agent (its connection, forwarded sockets, the watch) leaks
        check(C.posix_spawn_file_actions_addclosefrom_np(actions, 3), "closefrom");
      } catch (UnsatisfiedLinkError e) {
        // glibc before 2.34: the agent opens its own descriptors close-on-exec where it can
      }
      C.sigemptyset(mask);
      C.sigemptyset(defaults);
      for (int signal : DEFAULT_SIGNALS) {
        C.sigaddset(defaults, signal);
      }
      check(C.posix_spawnattr_setsigmask(attributes, mask), "signal mask");
      check(C.posix_spawnattr_setsigdefault(attributes, defaults), "signal defaults");
      check(
          C.posix_spawnattr_setflags(
              attributes,
              (short) (POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)),
          "flags");
      IntByReference pid = new IntByReference();
      int error =
          C.posix_spawn(pid, path, actions, attributes, nullTerminated(argv), nullTerminated(env));
      if (error != 0) {
        throw new AgentException(
            "START_FAILED", "cannot start " + argv.get(0) + ": " + C.strerror(error));
      }
      return pid.getValue();
    } finally {
      C.posix_spawn_file_actions_destroy(actions);
      C.posix_spawnattr_destroy(attributes);
    }
  }

  private static String[] nullTerminated(List<String> values) {
    String[] array = new String[values.size() + 1];
    for (int i = 0; i < values.size(); i++) {
      array[i] = values.get(i);
    }
    return array;
  }

  private static void check(int error, String what) {
    if (error != 0) {
      throw new AgentException("START_FAILED", "cannot prepare the process (" + what + ")");
    }
  }

  /**
   * Reads up to {@code buffer.length} bytes; -1 at the end (a PTY whose other side is gone reports
   * {@code EIO}, which is its end too).
   */
  static int read(int fd, byte[] buffer) {
    while (true) {
      try {
        long n = check(C.read(fd, buffer, buffer.length));
        return n == 0 ? -1 : (int) n;
      } catch (LastErrorException e) {
        if (e.getErrorCode() == EINTR) {
          continue;
        }
        if (e.getErrorCode() == EIO) {
          return -1;
        }
        throw e;
      }
    }
  }

  /** Writes all of {@code length} bytes. */
  static void write(int fd, byte[] buffer, int length) {
    int offset = 0;
    byte[] chunk = buffer;
    while (offset < length) {
      if (offset > 0) {
        chunk = java.util.Arrays.copyOfRange(buffer, offset, length);
      }
      try {
        long n = check(C.write(fd, chunk, length - offset));
        offset += (int) n;
      } catch (LastErrorException e) {
        if (e.getErrorCode() != EINTR) {
          throw e;
        }
      }
    }
  }

  static void close(int fd) {
    if (fd >= 0) {
      C.close(fd);
    }
  }

  /** Waits for the child to end; its exit code, or 128 + the signal that ended it. */
  static int waitFor(int pid) {
    IntByReference status = new IntByReference();
    while (true) {
      try {
        check(C.waitpid(pid, status, 0));
        int raw = status.getValue();
        int signal = raw & 0x7f;
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal;
      } catch (LastErrorException e) {
        if (e.getErrorCode() != EINTR) {
          return 255; // not our child any more: nothing to report but a failure
        }
      }
    }
  }

  /** Sends a signal; false when the process (or group, for a negative pid) is gone. */
  static boolean kill(int pid, int signal) {
    return C.kill(pid, signal) == 0;
  }
}
