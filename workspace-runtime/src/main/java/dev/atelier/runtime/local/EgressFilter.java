package dev.atelier.runtime.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host firewall rules that keep workspaces' outbound traffic away from the host itself. Every
 * workspace's user-mode network helper ({@code slirp4netns}) runs with a dedicated group; one
 * {@code OUTPUT} rule sends that group's packets to the chain {@value #CHAIN}, which rejects every
 * destination that is an address of this host (loopback included) and link-local addresses (cloud
 * metadata services). Other hosts stay reachable.
 *
 * <p>Installing is idempotent and touches nothing but its own chain and its one jump: the chain is
 * created if missing and rewritten only when its rules differ from these; the jump is inserted
 * once. The rules stay when the server stops (without helpers running they match nothing); {@code
 * iptables -D OUTPUT -m owner --gid-owner <gid> -j ATELIER-EGRESS; iptables -F ATELIER-EGRESS;
 * iptables -X ATELIER-EGRESS} (and the same with {@code ip6tables}) removes them.
 */
final class EgressFilter {

  static final String CHAIN = "ATELIER-EGRESS";
  private static final Logger log = LoggerFactory.getLogger(EgressFilter.class);
  private static final long COMMAND_TIMEOUT_SECONDS = 20;

  static final List<List<String>> IPV4_RULES =
      List.of(
          List.of(
              "-p",
              "tcp",
              "-m",
              "addrtype",
              "--dst-type",
              "LOCAL",
              "-j",
              "REJECT",
              "--reject-with",
              "tcp-reset"),
          List.of("-m", "addrtype", "--dst-type", "LOCAL", "-j", "REJECT"),
          List.of("-d", "169.254.0.0/16", "-j", "REJECT"));

  static final List<List<String>> IPV6_RULES =
      List.of(
          List.of(
              "-p",
              "tcp",
              "-m",
              "addrtype",
              "--dst-type",
              "LOCAL",
              "-j",
              "REJECT",
              "--reject-with",
              "tcp-reset"),
          List.of("-m", "addrtype", "--dst-type", "LOCAL", "-j", "REJECT"),
          List.of("-d", "fe80::/10", "-j", "REJECT"));

  private EgressFilter() {}

  /**
   * Installs the chain and the jump for traffic of {@code gid}.
   *
   * @return empty when the filter is in place, else why it is not
   */
  static Optional<String> install(HostTools tools, int gid) {
    if (tools.iptables().isEmpty()) {
      return Optional.of("iptables was not found (Debian/Ubuntu: apt-get install iptables)");
    }
    try {
      apply(tools.iptables().get(), IPV4_RULES, gid);
    } catch (IOException e) {
      return Optional.of(
          "the egress filter could not be installed with iptables: " + e.getMessage());
    }
    // The helper is started without IPv6 inside the workspace; its own IPv6 use on the host (a DNS
    // forward to an IPv6 resolver) is filtered too when the host has ip6tables.
    if (tools.ip6tables().isPresent()) {
      try {
        apply(tools.ip6tables().get(), IPV6_RULES, gid);
      } catch (IOException e) {
        log.warn("IPv6 egress filter not installed (IPv4 is): {}", e.getMessage());
      }
    }
    return Optional.empty();
  }

  private static void apply(Path tool, List<List<String>> rules, int gid) throws IOException {
    String table = tool.getFileName().toString();
    if (run(tool, List.of("-S", CHAIN)).code() != 0) {
      Outcome created = run(tool, List.of("-N", CHAIN));
      if (created.code() != 0 && run(tool, List.of("-S", CHAIN)).code() != 0) {
        require(created, table + " -N " + CHAIN); // not made meanwhile by another server either
      }
    }
    if (!upToDate(tool, rules)) {
      require(run(tool, List.of("-F", CHAIN)), table + " -F " + CHAIN);
      for (List<String> rule : rules) {
        List<String> args = new ArrayList<>(List.of("-A", CHAIN));
        args.addAll(rule);
        require(run(tool, args), table + " " + String.join(" ", args));
      }
      log.info("Egress filter: {} chain {} (re)written", table, CHAIN);
    }
    List<String> jump =
        List.of("OUTPUT", "-m", "owner", "--gid-owner", Integer.toString(gid), "-j", CHAIN);
    List<String> check = new ArrayList<>(List.of("-C"));
    check.addAll(jump);
    if (run(tool, check).code() != 0) {
      List<String> insert = new ArrayList<>(List.of("-I"));
      insert.addAll(jump);
      require(run(tool, insert), table + " " + String.join(" ", insert));
    }
  }

  /** Whether the chain holds exactly these rules (each present, nothing else). */
  private static boolean upToDate(Path tool, List<List<String>> rules) throws IOException {
    Outcome listing = run(tool, List.of("-S", CHAIN));
    long count = listing.output().lines().filter(line -> line.startsWith("-A " + CHAIN)).count();
    if (count != rules.size()) {
      return false;
    }
    for (List<String> rule : rules) {
      List<String> args = new ArrayList<>(List.of("-C", CHAIN));
      args.addAll(rule);
      if (run(tool, args).code() != 0) {
        return false;
      }
    }
    return true;
  }

  private static void require(Outcome outcome, String command) throws IOException {
    if (outcome.code() != 0) {
      String output = outcome.output().strip();
      throw new IOException(
          "'"
              + command
              + "' failed"
              + (output.isEmpty() ? "" : ": " + OutputTail.lastLines(output, 3)));
    }
  }

  private record Outcome(int code, String output) {}

  private static Outcome run(Path tool, List<String> args) throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add(tool.toString());
    argv.add("-w"); // wait for the xtables lock instead of failing when another tool holds it
    argv.addAll(args);
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    try {
      if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(tool + " did not finish within " + COMMAND_TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while running " + tool, e);
    }
    return new Outcome(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
