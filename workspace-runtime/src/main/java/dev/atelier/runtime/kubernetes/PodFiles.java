package dev.atelier.runtime.kubernetes;

import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link WorkspaceFiles} of a workspace pod: each operation is one exec of {@link
 * PodScripts#FILES}, which checks symbolic links inside the pod, where they resolve. Paths are
 * first checked here without the pod, so {@code ../} never reaches it.
 */
final class PodFiles implements WorkspaceFiles {

  private static final Pattern STAT = Pattern.compile("^([0-9a-fA-F]+) (\\d+) (\\d+)$");
  private static final Pattern LIST_ENTRY = Pattern.compile("^([0-9a-fA-F]+) (\\d+) (\\d+) (.*)$");
  private static final int S_IFMT = 0xF000;
  private static final int S_IFDIR = 0x4000;

  private final Supplier<ContainerResource> container;
  private final Duration timeout;
  private final Function<FileChangeListener, AutoCloseable> watcher;

  /**
   * @param container the workspace container; the supplier throws {@code NOT_RUNNING} when the pod
   *     is not running
   * @param timeout timeout of one operation
   * @param watcher starts a watch of the tree
   */
  PodFiles(
      Supplier<ContainerResource> container,
      Duration timeout,
      Function<FileChangeListener, AutoCloseable> watcher) {
    this.container = container;
    this.timeout = timeout;
    this.watcher = watcher;
  }

  @Override
  public List<FileEntry> list(String dir) {
    String relative = normalize(dir);
    PodCommand.Result result = run(null, "list", absolute(relative));
    check(result, relative, "list");
    List<FileEntry> entries = new ArrayList<>();
    String pendingName = null;
    Matcher pending = null;
    for (String line : result.stdoutText().split("\n", -1)) {
      Matcher m = LIST_ENTRY.matcher(line);
      if (m.matches()) {
        addEntry(entries, relative, pending, pendingName);
        pending = m;
        pendingName = m.group(4);
      } else if (pending != null) {
        pendingName = pendingName + "\n" + line; // a file name with a line break
      }
    }
    addEntry(entries, relative, pending, pendingName);
    entries.sort(
        Comparator.comparing((FileEntry e) -> !e.directory()).thenComparing(FileEntry::name));
    return entries;
  }

  private static void addEntry(List<FileEntry> entries, String dir, Matcher m, String name) {
    if (m == null) {
      return;
    }
    if (name.endsWith("\n")) {
      name = name.substring(0, name.length() - 1);
    }
    String base = name.startsWith("./") ? name.substring(2) : name;
    if (base.isEmpty()) {
      return;
    }
    entries.add(entry(dir.isEmpty() ? base : dir + "/" + base, m.group(1), m.group(2), m.group(3)));
  }

  @Override
  public Optional<FileEntry> stat(String path) {
    String relative = normalize(path);
    PodCommand.Result result = run(null, "stat", absolute(relative));
    if (result.exitCode() == 2) {
      return Optional.empty();
    }
    check(result, relative, "stat");
    Matcher m = STAT.matcher(result.stdoutText().strip());
    if (!m.matches()) {
      throw new WorkspaceRuntimeException(
          ErrorCode.IO,
          "unexpected answer from the workspace pod for "
              + describe(relative)
              + ": "
              + result.stdoutText());
    }
    return Optional.of(entry(relative, m.group(1), m.group(2), m.group(3)));
  }

  @Override
  public byte[] read(String path) {
    String relative = normalize(path);
    PodCommand.Result result = run(null, "read", absolute(relative));
    check(result, relative, "read");
    return result.stdout();
  }

  @Override
  public void write(String path, byte[] content) {
    String relative = normalize(path);
    requireNotRoot(relative, "write");
    PodCommand.Result result =
        run(content, "write", absolute(relative), Integer.toString(content.length));
    check(result, relative, "write");
  }

  @Override
  public void createDirectories(String path) {
    String relative = normalize(path);
    check(run(null, "mkdir", absolute(relative)), relative, "create");
  }

  @Override
  public void move(String from, String to) {
    String source = normalize(from);
    String target = normalize(to);
    requireNotRoot(source, "move");
    requireNotRoot(target, "move");
    PodCommand.Result result = run(null, "move", absolute(source), absolute(target));
    check(result, result.exitCode() == 3 ? target : source, "move");
  }

  @Override
  public void delete(String path) {
    String relative = normalize(path);
    requireNotRoot(relative, "delete");
    check(run(null, "delete", absolute(relative)), relative, "delete");
  }

  @Override
  public AutoCloseable watch(FileChangeListener listener) {
    return watcher.apply(listener);
  }

  private PodCommand.Result run(byte[] stdin, String op, String... args) {
    return PodCommand.run(
        container.get(), PodScripts.files(PodScripts.ROOT, op, args), stdin, timeout);
  }

  private static void check(PodCommand.Result result, String path, String action) {
    switch (result.exitCode()) {
      case 0 -> {}
      case 2 ->
          throw new WorkspaceRuntimeException(
              ErrorCode.FILE_NOT_FOUND, "there is no " + describe(path));
      case 3 ->
          throw new WorkspaceRuntimeException(
              ErrorCode.FILE_EXISTS, describe(path) + " already exists");
      case 4 ->
          throw new WorkspaceRuntimeException(
              ErrorCode.PATH_OUTSIDE_WORKSPACE,
              describe(path) + " leads outside /workspace through a symbolic link");
      case 5 ->
          throw new WorkspaceRuntimeException(
              ErrorCode.IO,
              "cannot "
                  + action
                  + " "
                  + describe(path)
                  + ": "
                  + ("list".equals(action) ? "it is a file, not a folder" : "it is a folder"));
      case 6 ->
          throw new WorkspaceRuntimeException(
              ErrorCode.IO,
              "writing " + describe(path) + " was cut short; the file is unchanged, try again");
      default ->
          throw new WorkspaceRuntimeException(
              ErrorCode.IO,
              "cannot "
                  + action
                  + " "
                  + describe(path)
                  + " (exit "
                  + result.exitCode()
                  + "): "
                  + result.lastLine());
    }
  }

  private static String describe(String path) {
    return path.isEmpty() ? "workspace root" : "\"" + path + "\"";
  }

  private static void requireNotRoot(String relative, String action) {
    if (relative.isEmpty()) {
      throw new WorkspaceRuntimeException(
          ErrorCode.PATH_OUTSIDE_WORKSPACE,
          "cannot " + action + " the workspace root itself; name a path inside it");
    }
  }

  static FileEntry entry(String path, String hexMode, String size, String mtime) {
    boolean directory = (Integer.parseInt(hexMode, 16) & S_IFMT) == S_IFDIR;
    return new FileEntry(
        path, directory, directory ? 0 : Long.parseLong(size), Long.parseLong(mtime) * 1000);
  }

  /**
   * The canonical relative form of a workspace path: no leading {@code /}, no {@code .} or empty
   * segments, {@code ..} resolved; {@code ""} is the root.
   *
   * @throws WorkspaceRuntimeException {@code PATH_OUTSIDE_WORKSPACE} for an absolute path or one
   *     whose {@code ..} segments leave the root
   */
  static String normalize(String path) {
    if (path == null) {
      return "";
    }
    if (path.startsWith("/") || path.indexOf('\0') >= 0) {
      throw new WorkspaceRuntimeException(
          ErrorCode.PATH_OUTSIDE_WORKSPACE,
          "\""
              + path
              + "\" is not a path inside the workspace: give it relative to /workspace, e.g. src/Main.java");
    }
    Deque<String> parts = new ArrayDeque<>();
    for (String segment : path.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (parts.isEmpty()) {
          throw new WorkspaceRuntimeException(
              ErrorCode.PATH_OUTSIDE_WORKSPACE, "\"" + path + "\" leads outside the workspace");
        }
        parts.removeLast();
      } else {
        parts.addLast(segment);
      }
    }
    return String.join("/", parts);
  }

  static String absolute(String relative) {
    return relative.isEmpty() ? PodScripts.ROOT : PodScripts.ROOT + "/" + relative;
  }
}
