package dev.atelier.runtime.local;

import dev.atelier.runtime.spi.AppliedResources;
import dev.atelier.runtime.spi.ResourceKind;
import dev.atelier.stacks.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses how stack resource limits are enforced on this host, once: cgroup v1 ({@code memory},
 * {@code pids} and {@code cpu} controllers, a group per workspace under {@code atelier/}) when they
 * are mounted and writable, else {@code prlimit}, else nothing. Logs the choice.
 */
final class ResourceLimiter {

  private static final Logger log = LoggerFactory.getLogger(ResourceLimiter.class);

  /** The enforcement mechanism in use. */
  enum Mechanism {
    CGROUP_V1,
    PRLIMIT,
    NONE
  }

  static final List<String> CONTROLLERS = List.of("memory", "pids", "cpu");
  static final String PARENT_GROUP = "atelier";

  private final Mechanism mechanism;
  private final List<Path> parents;
  private final Optional<Path> prlimit;
  private final Path shell;

  private static final Duration LEFTOVER_MIN_AGE = Duration.ofMinutes(5);

  private ResourceLimiter(
      Mechanism mechanism, List<Path> parents, Optional<Path> prlimit, Path shell) {
    this.mechanism = mechanism;
    this.parents = parents;
    this.prlimit = prlimit;
    this.shell = shell;
  }

  static ResourceLimiter detect(Path cgroupRoot, HostTools tools) {
    Optional<List<Path>> parents = writableCgroupParents(cgroupRoot);
    if (parents.isPresent()) {
      log.info(
          "Workspace resource limits: cgroup v1 ({}/{{}}/{})",
          cgroupRoot,
          String.join(",", CONTROLLERS),
          PARENT_GROUP);
      removeEmptyLeftovers(parents.get());
      return new ResourceLimiter(
          Mechanism.CGROUP_V1, parents.get(), tools.prlimit(), tools.shell());
    }
    if (tools.prlimit().isPresent()) {
      log.info(
          "Workspace resource limits: prlimit (data size and process count; CPU is not limited),"
              + " cgroup v1 controllers under {} are not writable",
          cgroupRoot);
      return new ResourceLimiter(Mechanism.PRLIMIT, List.of(), tools.prlimit(), tools.shell());
    }
    log.warn(
        "Workspace resource limits are NOT enforced: cgroup v1 under {} is not writable and prlimit"
            + " (util-linux) was not found",
        cgroupRoot);
    return new ResourceLimiter(Mechanism.NONE, List.of(), Optional.empty(), tools.shell());
  }

  Mechanism mechanism() {
    return mechanism;
  }

  /**
   * Sets up the limits of a workspace. With cgroups a group is created even without limits, since
   * it is also how every process of the workspace is found and killed.
   */
  WorkspaceLimits create(String workspaceId, Resources resources) throws IOException {
    return switch (mechanism) {
      case CGROUP_V1 -> CgroupV1Group.create(parents, workspaceId, resources, shell);
      case PRLIMIT -> prlimit(resources);
      case NONE -> WorkspaceLimits.NONE;
    };
  }

  /**
   * What of {@code applied} a mechanism enforces: all of it with cgroups, memory (as the data size)
   * and processes with prlimit, nothing without either.
   */
  static AppliedResources enforced(Mechanism mechanism, AppliedResources applied) {
    return switch (mechanism) {
      case CGROUP_V1 -> applied;
      case PRLIMIT -> applied.without(ResourceKind.CPU);
      case NONE ->
          applied.without(ResourceKind.CPU).without(ResourceKind.MEMORY).without(ResourceKind.PIDS);
    };
  }

  private WorkspaceLimits prlimit(Resources resources) {
    List<String> prefix = new ArrayList<>();
    prefix.add(prlimit.orElseThrow().toString());
    // RLIMIT_DATA rather than RLIMIT_AS: a JVM reserves far more address space than it uses, so an
    // address-space limit the size of the memory limit would stop java and mvn from starting.
    if (resources.memoryBytes() > 0) {
      prefix.add("--data=" + resources.memoryBytes());
    }
    if (resources.pids() > 0) {
      prefix.add("--nproc=" + resources.pids());
    }
    if (prefix.size() == 1) {
      return WorkspaceLimits.NONE;
    }
    prefix.add("--");
    List<String> fixed = List.copyOf(prefix);
    return new WorkspaceLimits() {
      @Override
      public List<String> commandPrefix() {
        return fixed;
      }

      @Override
      public java.util.Set<Long> pids() {
        return java.util.Set.of();
      }

      @Override
      public void release() {}
    };
  }

  private static Optional<List<Path>> writableCgroupParents(Path cgroupRoot) {
    List<Path> parents = new ArrayList<>();
    for (String controller : CONTROLLERS) {
      Path mount = cgroupRoot.resolve(controller);
      if (!Files.isRegularFile(mount.resolve("cgroup.procs"))) {
        return Optional.empty();
      }
      Path parent = mount.resolve(PARENT_GROUP);
      try {
        Files.createDirectories(parent);
      } catch (IOException | SecurityException e) {
        return Optional.empty();
      }
      if (!Files.isWritable(parent.resolve("cgroup.procs"))) {
        return Optional.empty();
      }
      parents.add(parent);
    }
    return Optional.of(parents);
  }

  /**
   * Removes groups left by a server that died before stopping its workspaces. Only empty groups go
   * (rmdir refuses the others): a group with processes may belong to another server on this host.
   * Young groups are left alone too: another server (or runtime instance) may have created one a
   * moment ago and not yet moved its first process in. A leftover of this server's own workspace is
   * recreated anyway when that workspace starts again.
   */
  private static void removeEmptyLeftovers(List<Path> parents) {
    long cutoff = System.currentTimeMillis() - LEFTOVER_MIN_AGE.toMillis();
    for (Path parent : parents) {
      try (var children = Files.list(parent)) {
        children
            .filter(Files::isDirectory)
            .filter(child -> modifiedMillis(child) < cutoff)
            .forEach(ResourceLimiter::removeIfEmpty);
      } catch (IOException e) {
        log.debug("Cannot list {}: {}", parent, e.toString());
      }
    }
  }

  private static long modifiedMillis(Path path) {
    try {
      return Files.getLastModifiedTime(path).toMillis();
    } catch (IOException e) {
      return Long.MAX_VALUE;
    }
  }

  private static void removeIfEmpty(Path group) {
    try {
      Files.deleteIfExists(group);
    } catch (IOException e) {
      log.debug("Leaving cgroup {} in place: {}", group, e.toString());
    }
  }
}
