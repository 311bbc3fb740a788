package dev.atelier.runtime.local;

import dev.atelier.stacks.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cgroup v1 groups of one workspace ({@code <controller>/atelier/<id>} for memory, pids and
 * cpu). Processes join before they exec anything: the command is wrapped in {@code sh -c 'echo $$ >
 * …/cgroup.procs; exec "$@"'}, so no child can be forked outside the group.
 */
final class CgroupV1Group implements WorkspaceLimits {

  private static final Logger log = LoggerFactory.getLogger(CgroupV1Group.class);
  private static final long CFS_PERIOD_US = 100_000;

  private final List<Path> groups;
  private final List<String> prefix;

  private CgroupV1Group(List<Path> groups, Path shell) {
    this.groups = groups;
    StringBuilder script = new StringBuilder("for f in");
    for (Path group : groups) {
      script.append(' ').append(shellQuote(group.resolve("cgroup.procs").toString()));
    }
    script.append("; do echo $$ > \"$f\" || exit 125; done; exec \"$@\"");
    this.prefix = List.of(shell.toString(), "-c", script.toString(), "atelier-cgroup");
  }

  static CgroupV1Group create(
      List<Path> parents, String workspaceId, Resources resources, Path shell) throws IOException {
    List<Path> groups = new ArrayList<>();
    for (Path parent : parents) {
      Path group = parent.resolve(workspaceId);
      if (Files.isDirectory(group)) {
        // Left over from a crash: start from a clean group so old limits and processes are gone.
        killAll(List.of(group));
        tryRemove(group);
      }
      Files.createDirectories(group);
      groups.add(group);
    }
    CgroupV1Group created = new CgroupV1Group(List.copyOf(groups), shell);
    try {
      created.apply(resources);
    } catch (IOException e) {
      created.release();
      throw e;
    }
    return created;
  }

  private void apply(Resources resources) throws IOException {
    for (Path group : groups) {
      String controller = group.getParent().getParent().getFileName().toString();
      switch (controller) {
        case "memory" -> {
          if (resources.memoryBytes() > 0) {
            write(group.resolve("memory.limit_in_bytes"), resources.memoryBytes());
            // With swap accounting, also cap memory+swap, else the kernel swaps instead of killing.
            Path memsw = group.resolve("memory.memsw.limit_in_bytes");
            if (Files.exists(memsw)) {
              write(memsw, resources.memoryBytes());
            }
          }
        }
        case "pids" -> {
          if (resources.pids() > 0) {
            write(group.resolve("pids.max"), resources.pids());
          }
        }
        case "cpu" -> {
          if (resources.cpuMillis() > 0) {
            write(group.resolve("cpu.cfs_period_us"), CFS_PERIOD_US);
            write(group.resolve("cpu.cfs_quota_us"), resources.cpuMillis() * CFS_PERIOD_US / 1000);
          }
        }
        default -> {}
      }
    }
  }

  @Override
  public List<String> commandPrefix() {
    return prefix;
  }

  @Override
  public Set<Long> pids() {
    return readPids(groups);
  }

  @Override
  public void release() {
    killAll(groups);
    for (Path group : groups) {
      tryRemove(group);
    }
  }

  /** Kills every process in the groups until they are empty (processes may fork meanwhile). */
  static void killAll(List<Path> groups) {
    for (int round = 0; round < 200; round++) {
      Set<Long> pids = readPids(groups);
      if (pids.isEmpty()) {
        return;
      }
      for (long pid : pids) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
      sleep(round < 10 ? 2 : 20);
    }
    log.warn("Processes survived killing in {}: {}", groups, readPids(groups));
  }

  /** Removes a group; the kernel refuses while it has processes, so retry briefly. */
  static void tryRemove(Path group) {
    for (int attempt = 0; attempt < 50; attempt++) {
      try {
        Files.deleteIfExists(group);
        return;
      } catch (IOException e) {
        sleep(10);
      }
    }
    log.warn("Cannot remove cgroup {}: it still has processes", group);
  }

  private static Set<Long> readPids(List<Path> groups) {
    Set<Long> pids = new LinkedHashSet<>();
    for (Path group : groups) {
      try {
        for (String line : Files.readAllLines(group.resolve("cgroup.procs"))) {
          if (!line.isBlank()) {
            pids.add(Long.parseLong(line.trim()));
          }
        }
      } catch (NoSuchFileException e) {
        // removed already
      } catch (IOException | NumberFormatException e) {
        log.debug("Cannot read {}: {}", group, e.toString());
      }
    }
    return pids;
  }

  private static void write(Path file, long value) throws IOException {
    try {
      Files.write(file, Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new IOException("cannot write " + value + " to " + file + ": " + e.getMessage(), e);
    }
  }

  static String shellQuote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
