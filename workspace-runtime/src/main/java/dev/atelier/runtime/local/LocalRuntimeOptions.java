package dev.atelier.runtime.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the {@link LocalWorkspaceRuntime}. Usable without Spring; the auto-configuration
 * fills it from {@code atelier.runtime.*}.
 *
 * @param root folder holding every workspace's content ({@code <root>/<id>/}) and the runtime's
 *     bookkeeping ({@code <root>/.<id>.meta/}, {@code <root>/.sandbox/})
 * @param sandbox whether processes run in bubblewrap
 * @param bubblewrap the {@code bwrap} executable: a bare name looked up on {@code PATH}, or a path
 * @param cgroupRoot where cgroup v1 controllers are mounted ({@code memory}, {@code pids}, {@code
 *     cpu} below it); when they are not writable, limits fall back to {@code prlimit}
 * @param startTimeout how long a start (clone, lifecycle commands) may take before it fails with
 *     {@code TIMEOUT}
 * @param allowLocalRepositories whether {@code file://} URLs and local paths may be cloned; off by
 *     default since a user could otherwise copy any repository the server can read
 * @param extraReadOnlyPaths host folders mounted read-only at the same place in every sandbox, e.g.
 *     {@code /opt/toolchains}
 * @param network outbound network access of sandboxed workspaces
 * @param sandboxUid host uid the sandboxes run as when the server runs as root (never 0)
 * @param sandboxGid host gid the sandboxes run as when the server runs as root (never 0)
 * @param networkGid host group the user-mode network helper ({@code slirp4netns}) runs with, which
 *     the egress filter singles out; must not be a group anything else on the host uses
 */
public record LocalRuntimeOptions(
    Path root,
    SandboxMode sandbox,
    String bubblewrap,
    Path cgroupRoot,
    Duration startTimeout,
    boolean allowLocalRepositories,
    List<Path> extraReadOnlyPaths,
    NetworkMode network,
    int sandboxUid,
    int sandboxGid,
    int networkGid) {

  public static final String DEFAULT_BUBBLEWRAP = "bwrap";
  public static final Path DEFAULT_CGROUP_ROOT = Path.of("/sys/fs/cgroup");
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(10);
  public static final int DEFAULT_SANDBOX_UID = 64999;
  public static final int DEFAULT_SANDBOX_GID = 64999;
  public static final int DEFAULT_NETWORK_GID = 64998;

  public LocalRuntimeOptions {
    Objects.requireNonNull(root, "root");
    root = root.toAbsolutePath().normalize();
    sandbox = sandbox == null ? SandboxMode.AUTO : sandbox;
    bubblewrap = bubblewrap == null || bubblewrap.isBlank() ? DEFAULT_BUBBLEWRAP : bubblewrap;
    cgroupRoot = cgroupRoot == null ? DEFAULT_CGROUP_ROOT : cgroupRoot;
    startTimeout =
        startTimeout == null || startTimeout.isZero() || startTimeout.isNegative()
            ? DEFAULT_START_TIMEOUT
            : startTimeout;
    extraReadOnlyPaths = extraReadOnlyPaths == null ? List.of() : List.copyOf(extraReadOnlyPaths);
    network = network == null ? NetworkMode.AUTO : network;
    checkId("sandbox uid", sandboxUid);
    checkId("sandbox gid", sandboxGid);
    checkId("network gid", networkGid);
  }

  /** The settings before the network and identity ones existed, with their defaults. */
  public LocalRuntimeOptions(
      Path root,
      SandboxMode sandbox,
      String bubblewrap,
      Path cgroupRoot,
      Duration startTimeout,
      boolean allowLocalRepositories,
      List<Path> extraReadOnlyPaths) {
    this(
        root,
        sandbox,
        bubblewrap,
        cgroupRoot,
        startTimeout,
        allowLocalRepositories,
        extraReadOnlyPaths,
        null,
        DEFAULT_SANDBOX_UID,
        DEFAULT_SANDBOX_GID,
        DEFAULT_NETWORK_GID);
  }

  private static void checkId(String what, int id) {
    if (id <= 0) {
      throw new IllegalArgumentException(
          what + " must be a host id from 1 to 2147483647 (never 0, root), got " + id);
    }
  }

  /**
   * Defaults for everything but the root: sandbox {@code auto}, cgroups at {@code /sys/fs/cgroup},
   * network {@code auto}, sandbox uid/gid 64999, network gid 64998.
   */
  public static LocalRuntimeOptions of(Path root) {
    return new LocalRuntimeOptions(root, null, null, null, null, false, List.of());
  }

  public LocalRuntimeOptions withSandbox(SandboxMode mode) {
    return new LocalRuntimeOptions(
        root,
        mode,
        bubblewrap,
        cgroupRoot,
        startTimeout,
        allowLocalRepositories,
        extraReadOnlyPaths,
        network,
        sandboxUid,
        sandboxGid,
        networkGid);
  }

  public LocalRuntimeOptions withBubblewrap(String executable) {
    return new LocalRuntimeOptions(
        root,
        sandbox,
        executable,
        cgroupRoot,
        startTimeout,
        allowLocalRepositories,
        extraReadOnlyPaths,
        network,
        sandboxUid,
        sandboxGid,
        networkGid);
  }

  public LocalRuntimeOptions withCgroupRoot(Path path) {
    return new LocalRuntimeOptions(
        root,
        sandbox,
        bubblewrap,
        path,
        startTimeout,
        allowLocalRepositories,
        extraReadOnlyPaths,
        network,
        sandboxUid,
        sandboxGid,
        networkGid);
  }

  public LocalRuntimeOptions withStartTimeout(Duration timeout) {
    return new LocalRuntimeOptions(
        root,
        sandbox,
        bubblewrap,
        cgroupRoot,
        timeout,
        allowLocalRepositories,
        extraReadOnlyPaths,
        network,
        sandboxUid,
        sandboxGid,
        networkGid);
  }

  public LocalRuntimeOptions withAllowLocalRepositories(boolean allow) {
    return new LocalRuntimeOptions(
        root,
        sandbox,
        bubblewrap,
        cgroupRoot,
        startTimeout,
        allow,
        extraReadOnlyPaths,
        network,
        sandboxUid,
        sandboxGid,
        networkGid);
  }

  public LocalRuntimeOptions withExtraReadOnlyPaths(List<Path> paths) {
    return new LocalRuntimeOptions(
        root,
        sandbox,
        bubblewrap,
        cgroupRoot,
        startTimeout,
        allowLocalRepositories,
        paths,
        network,
        sandboxUid,
        sandboxGid,
        networkGid);
  }

  public LocalRuntimeOptions withNetwork(NetworkMode mode) {
    return new LocalRuntimeOptions(
        root,
        sandbox,
        bubblewrap,
        cgroupRoot,
        startTimeout,
        allowLocalRepositories,
        extraReadOnlyPaths,
        mode,
        sandboxUid,
        sandboxGid,
        networkGid);
  }

  /** The host uid/gid sandboxes run as when the server runs as root, and the network group. */
  public LocalRuntimeOptions withIdentity(int uid, int gid, int networkGroup) {
    return new LocalRuntimeOptions(
        root,
        sandbox,
        bubblewrap,
        cgroupRoot,
        startTimeout,
        allowLocalRepositories,
        extraReadOnlyPaths,
        network,
        uid,
        gid,
        networkGroup);
  }
}
