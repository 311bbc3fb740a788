package dev.atelier.runtime.local;

import dev.atelier.runtime.local.Namespaces.NamespaceFd;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Outbound access for one sandbox: {@code slirp4netns} attached to the sandbox's network namespace
 * as {@code tap0} (10.0.2.100/24, gateway 10.0.2.2, DNS forwarder 10.0.2.3). It runs on the host
 * with the dedicated network group that {@link EgressFilter} singles out, with {@code
 * --disable-host-loopback} (10.0.2.2 does not lead to the host's loopback), in a mount namespace of
 * its own without capabilities ({@code --enable-sandbox}) and under seccomp. Its standard input is
 * its exit descriptor: when the server goes away, even killed, the pipe closes and it exits.
 */
final class SlirpNetwork {

  static final String INTERFACE = "tap0";
  private static final long READY_TIMEOUT_MILLIS = 10_000;

  private final Process process;

  private SlirpNetwork(Process process) {
    this.process = process;
  }

  /**
   * Starts the helper and waits until the namespace has its default route through {@code tap0}.
   *
   * @param owner the user namespace owning {@code netns}
   * @param routeTable {@code /proc/<pid>/net/route} of a process in the namespace
   * @param log receives the helper's output, quoted when it fails
   */
  static SlirpNetwork start(
      HostTools tools,
      NamespaceFd owner,
      NamespaceFd netns,
      int gid,
      Path routeTable,
      Path log,
      ProcessSpawner spawner)
      throws IOException {
    List<String> argv = new ArrayList<>();
    argv.addAll(
        List.of(
            tools.setpriv().orElseThrow().toString(),
            "--regid=" + gid,
            "--clear-groups",
            "--",
            tools.slirp4netns().orElseThrow().toString(),
            "--configure",
            "--mtu=65520",
            "--disable-host-loopback",
            "--enable-sandbox",
            "--enable-seccomp",
            "--exit-fd=0",
            "--userns-path=" + owner.path(),
            "--netns-type=path",
            netns.path(),
            INTERFACE));
    ProcessBuilder builder = new ProcessBuilder(argv).directory(new File("/"));
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    Process process = spawner.spawn(builder::start);
    SlirpNetwork network = new SlirpNetwork(process);
    try {
      network.awaitRoute(routeTable, log);
      return network;
    } catch (IOException | RuntimeException e) {
      network.kill();
      throw e;
    }
  }

  private void awaitRoute(Path routeTable, Path log) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MILLIS);
    while (System.nanoTime() < deadline) {
      if (hasDefaultRoute(routeTable)) {
        return;
      }
      if (!process.isAlive()) {
        throw new WorkspaceRuntimeException(
            ErrorCode.START_FAILED,
            "the workspace network (slirp4netns) exited with code "
                + process.exitValue()
                + ": "
                + BubblewrapSandbox.tail(log));
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting the workspace network", e);
      }
    }
    throw new WorkspaceRuntimeException(
        ErrorCode.START_FAILED,
        "the workspace network (slirp4netns) was not up within 10 s: "
            + BubblewrapSandbox.tail(log));
  }

  /** Whether {@code /proc/<pid>/net/route} has a default route through {@link #INTERFACE}. */
  static boolean hasDefaultRoute(Path routeTable) {
    try {
      for (String line : Files.readAllLines(routeTable, StandardCharsets.US_ASCII)) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length > 2 && fields[0].equals(INTERFACE) && fields[1].equals("00000000")) {
          return true;
        }
      }
    } catch (IOException e) {
      // the namespace's last process exited: reported through the helper's exit
    }
    return false;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the helper. Idempotent. */
  void kill() {
    try {
      process.getOutputStream().close(); // the exit descriptor: a clean stop
    } catch (IOException e) {
      // already closed
    }
    try {
      if (!process.waitFor(1, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
