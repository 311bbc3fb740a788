package dev.atelier.runtime.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code /etc} a sandbox sees: generated {@code passwd}, {@code group} and {@code hosts} (a
 * single uid-1000 user and the sandbox host name, nothing about the host's accounts) plus read-only
 * binds of the host entries tools need (DNS, TLS certificates, dynamic linker, {@code alternatives}
 * for {@code java}, JDK and Maven configuration). The rest of the host's {@code /etc} stays
 * invisible.
 */
final class SandboxEtc {

  static final int UID = 1000;
  static final String USER = "atelier";
  static final String HOSTNAME = "workspace";

  /** Host {@code /etc} entries bound read-only when they exist. */
  private static final List<String> HOST_ENTRIES =
      List.of(
          "resolv.conf",
          "nsswitch.conf",
          "host.conf",
          "gai.conf",
          "ld.so.cache",
          "ld.so.conf",
          "ld.so.conf.d",
          "ssl",
          "ca-certificates",
          "ca-certificates.conf",
          "pki",
          "alternatives",
          "localtime",
          "timezone",
          "protocols",
          "services",
          "mime.types",
          "inputrc",
          "bash.bashrc",
          "terminfo",
          "magic",
          "maven",
          "npmrc",
          "gitconfig",
          "os-release",
          "debian_version",
          "lsb-release",
          "ssh/ssh_config",
          "xdg",
          "fonts");

  /** Prefixes of host {@code /etc} entries bound read-only (JDK and Python configuration). */
  private static final List<String> HOST_PREFIXES = List.of("java-", "python3");

  private final Path generated;

  private SandboxEtc(Path generated) {
    this.generated = generated;
  }

  /** Writes the generated files under {@code dir} (outside every workspace's content). */
  static SandboxEtc prepare(Path dir) throws IOException {
    Files.createDirectories(dir);
    write(
        dir.resolve("passwd"),
        "root:x:0:0:root:/root:/usr/sbin/nologin\n"
            + USER
            + ":x:"
            + UID
            + ":"
            + UID
            + ":Atelier workspace:/workspace:/bin/bash\n"
            + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
    write(dir.resolve("group"), "root:x:0:\n" + USER + ":x:" + UID + ":\nnogroup:x:65534:\n");
    write(
        dir.resolve("hosts"),
        "127.0.0.1\tlocalhost\n127.0.1.1\t"
            + HOSTNAME
            + "\n"
            + "::1\tlocalhost ip6-localhost ip6-loopback\n");
    write(dir.resolve("hostname"), HOSTNAME + "\n");
    return new SandboxEtc(dir);
  }

  /** The folder holding the generated files. */
  Path generated() {
    return generated;
  }

  /**
   * bubblewrap arguments that build {@code /etc}.
   *
   * @param source where bubblewrap finds the generated files: {@link #generated()}, or where they
   *     are staged for a sandbox running as another uid
   */
  List<String> bubblewrapArgs(String source) {
    List<String> args = new ArrayList<>(List.of("--dir", "/etc"));
    for (String name : List.of("passwd", "group", "hosts", "hostname")) {
      args.addAll(List.of("--ro-bind", source + "/" + name, "/etc/" + name));
    }
    Path etc = Path.of("/etc");
    for (String entry : HOST_ENTRIES) {
      if (Files.exists(etc.resolve(entry))) {
        args.addAll(List.of("--ro-bind", "/etc/" + entry, "/etc/" + entry));
      }
    }
    try (var entries = Files.list(etc)) {
      entries
          .map(p -> p.getFileName().toString())
          .filter(name -> HOST_PREFIXES.stream().anyMatch(name::startsWith))
          .filter(name -> Files.exists(etc.resolve(name)))
          .sorted()
          .forEach(name -> args.addAll(List.of("--ro-bind", "/etc/" + name, "/etc/" + name)));
    } catch (IOException e) {
      // an unreadable /etc only costs the optional entries
    }
    return args;
  }

  private static void write(Path file, String content) throws IOException {
    Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    Files.writeString(temp, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(
        temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
