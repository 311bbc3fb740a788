package dev.atelier.runtime.local;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The host programs the local runtime drives, resolved once: {@code /bin/sh} to join cgroups before
 * exec, bubblewrap and util-linux's {@code nsenter}/{@code setpriv} for the sandbox, {@code
 * setsid}, {@code prlimit} and coreutils' {@code env}; for the workspace network {@code
 * slirp4netns}, {@code iptables}/{@code ip6tables} (egress filter) and {@code unshare} (a private
 * mount namespace to hand the sandbox its folders when it runs as another uid).
 */
record HostTools(
    Path shell,
    Optional<Path> bubblewrap,
    Optional<Path> nsenter,
    Optional<Path> setpriv,
    Optional<Path> setsid,
    Optional<Path> prlimit,
    Path env,
    Optional<Path> slirp4netns,
    Optional<Path> iptables,
    Optional<Path> ip6tables,
    Optional<Path> unshare) {

  /**
   * Folders searched after {@code PATH}, so a server started with a bare environment still works.
   */
  private static final List<String> FALLBACK_DIRS =
      List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin");

  static HostTools detect(String bubblewrap) {
    return new HostTools(
        find("sh").orElse(Path.of("/bin/sh")),
        find(bubblewrap),
        find("nsenter"),
        find("setpriv"),
        find("setsid"),
        find("prlimit"),
        find("env").orElse(Path.of("/usr/bin/env")),
        find("slirp4netns"),
        find("iptables"),
        find("ip6tables"),
        find("unshare"));
  }

  /**
   * Why the sandbox cannot be used on this host, or empty when it can.
   *
   * @param bubblewrapSetting the configured bubblewrap executable, for the message
   */
  Optional<String> sandboxUnavailableReason(String bubblewrapSetting) {
    if (bubblewrap.isEmpty()) {
      return Optional.of(
          "bubblewrap ('"
              + bubblewrapSetting
              + "') was not found; install it (Debian/Ubuntu: apt-get install bubblewrap) or point"
              + " atelier.runtime.local.bubblewrap at it");
    }
    if (nsenter.isEmpty() || setpriv.isEmpty() || unshare.isEmpty()) {
      return Optional.of(
          "nsenter, setpriv and unshare (util-linux) were not found; install util-linux to use the"
              + " sandbox");
    }
    return Namespaces.unavailableReason();
  }

  /** A bare name is looked up on {@code PATH}; anything with a slash is taken as a path. */
  static Optional<Path> find(String name) {
    if (name.contains("/")) {
      Path path = Path.of(name);
      return Files.isRegularFile(path) && Files.isExecutable(path)
          ? Optional.of(path.toAbsolutePath())
          : Optional.empty();
    }
    Set<String> dirs = new LinkedHashSet<>();
    String pathEnv = System.getenv("PATH");
    if (pathEnv != null) {
      for (String dir : pathEnv.split(File.pathSeparator)) {
        if (!dir.isBlank()) {
          dirs.add(dir);
        }
      }
    }
    dirs.addAll(FALLBACK_DIRS);
    List<Path> candidates = new ArrayList<>();
    for (String dir : dirs) {
      candidates.add(Path.of(dir, name));
    }
    return candidates.stream()
        .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
        .findFirst()
        .map(Path::toAbsolutePath);
  }
}
