package dev.atelier.runtime.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line that starts a sandbox's holder ({@code bwrap … sleep infinity}) and bubblewrap's
 * options for it.
 *
 * <p>Run as the server's own user, bubblewrap reads its folders directly. Run as another uid (the
 * server is root, see {@link HostIdentity}), it could not reach them: the runtime's folders are
 * private to root. The holder then starts in a private mount namespace of its own where, still
 * root, it binds the workspace content, the generated {@code /etc} and the agent's folder (read
 * only) onto a fresh tmpfs over {@code /dev/shm} (invisible in the sandbox, which gets its own
 * {@code /dev}), and only then switches to the sandbox uid with {@code setpriv} and runs bubblewrap
 * on those staged paths.
 */
final class HolderCommand {

  /** Where the content and the generated {@code /etc} are staged for a sandbox uid. */
  static final String STAGE = "/dev/shm";

  private HolderCommand() {}

  /**
   * The argument vector of the holder.
   *
   * @param argsFile bubblewrap's options, NUL-separated (read through {@code --args})
   * @param infoFile receives bubblewrap's {@code --info-fd} JSON
   */
  static List<String> argv(
      HostTools tools,
      Optional<HostIdentity> identity,
      List<String> limitsPrefix,
      Path argsFile,
      Path infoFile,
      Path content,
      Path etc,
      Path agent) {
    List<String> argv = new ArrayList<>(limitsPrefix);
    String bwrap =
        " exec \"$0\" --info-fd 4 --args 3 --"
            + " /bin/sh -c 'echo ready; exec /usr/bin/sleep infinity' 3<\"$1\" 4>\"$2\"";
    // oom_score_adj is inherited: the OOM killer then spares the holder's processes (losing PID 1
    // would end the whole workspace) but not the processes exec'd later. Only root may lower it;
    // elsewhere the write fails silently.
    String oom = "{ echo -1000 > /proc/self/oom_score_adj; } 2>/dev/null;";
    if (identity.isEmpty()) {
      argv.addAll(
          List.of(
              tools.shell().toString(),
              "-c",
              oom + bwrap,
              tools.bubblewrap().orElseThrow().toString(),
              argsFile.toString(),
              infoFile.toString()));
      return argv;
    }
    HostIdentity user = identity.get();
    argv.addAll(
        List.of(
            tools.unshare().orElseThrow().toString(),
            "--mount",
            "--propagation",
            "private",
            "--",
            tools.shell().toString(),
            "-c",
            oom
                + " set -e; mount -t tmpfs -o mode=0755,size=64k atelier-stage "
                + STAGE
                + "; mkdir "
                + STAGE
                + "/workspace "
                + STAGE
                + "/etc "
                + STAGE
                + "/agent; mount --bind \"$3\" "
                + STAGE
                + "/workspace; mount --bind \"$4\" "
                + STAGE
                + "/etc; mount --bind -o ro \"$6\" "
                + STAGE
                + "/agent;"
                + " exec \"$5\" --reuid="
                + user.uid()
                + " --regid="
                + user.gid()
                + " --clear-groups -- \"$0\" --info-fd 4 --args 3 --"
                + " /bin/sh -c 'echo ready; exec /usr/bin/sleep infinity' 3<\"$1\" 4>\"$2\"",
            tools.bubblewrap().orElseThrow().toString(),
            argsFile.toString(),
            infoFile.toString(),
            content.toString(),
            etc.toString(),
            tools.setpriv().orElseThrow().toString(),
            agent.toString()));
    return argv;
  }

  /**
   * bubblewrap's options for the holder (without the executable).
   *
   * @param content where bubblewrap finds the workspace content
   * @param etcSource where bubblewrap finds the generated {@code /etc} files
   * @param agentArgs the options that mount the workspace agent (see {@link AgentInstall})
   */
  static List<String> holderArgs(
      SandboxEtc etc,
      String etcSource,
      List<Path> extraReadOnly,
      List<String> agentArgs,
      String content) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--unshare-all",
            "--unshare-user",
            "--uid",
            "1000",
            "--gid",
            "1000",
            "--hostname",
            SandboxEtc.HOSTNAME,
            "--die-with-parent",
            "--new-session",
            "--cap-drop",
            "ALL",
            "--disable-userns"));
    args.addAll(List.of("--ro-bind", "/usr", "/usr"));
    for (String top : List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32")) {
      Path path = Path.of("/", top);
      if (Files.isSymbolicLink(path)) {
        try {
          args.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), "/" + top));
        } catch (IOException e) {
          // unreadable link: leave it out
        }
      } else if (Files.isDirectory(path)) {
        args.addAll(List.of("--ro-bind", "/" + top, "/" + top));
      }
    }
    args.addAll(
        List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/dev/shm", "--tmpfs", "/tmp"));
    // bubblewrap leaves /proc/sys writable when it runs as root, and the sandbox's processes are
    // then root outside their user namespace: global sysctls (core_pattern!) would be theirs to
    // change.
    args.addAll(List.of("--ro-bind", "/proc/sys", "/proc/sys"));
    args.addAll(List.of("--dir", "/var", "--symlink", "../tmp", "/var/tmp"));
    args.addAll(etc.bubblewrapArgs(etcSource));
    for (Path extra : extraReadOnly) {
      if (Files.exists(extra)) {
        args.addAll(List.of("--ro-bind", extra.toString(), extra.toString()));
      }
    }
    args.addAll(agentArgs);
    String workspace = BubblewrapSandbox.WORKSPACE;
    args.addAll(List.of("--bind", content, workspace, "--chdir", workspace));
    // Everything outside /workspace, /tmp and /dev/shm read-only, /dev included (its nodes stay
    // usable).
    args.addAll(List.of("--remount-ro", "/dev", "--remount-ro", "/"));
    return args;
  }
}
