package dev.atelier.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The workspace's files as the agent sees them: rooted at {@code /workspace} inside the sandbox,
 * where the agent runs with the workspace user's rights and sees nothing of the host but what the
 * sandbox shows. Paths are checked lexically ({@link RelativePath}) and on disk (what exists of a
 * path, after symbolic links, must be inside the root), so links that lead elsewhere in the sandbox
 * are refused as before. Messages name paths relative to the root, never the root itself.
 */
final class WorkspaceTree {

  /** Prefix of the temporary files of atomic writes; the watcher does not report them. */
  static final String TEMP_PREFIX = ".atelier-tmp-";

  private static final Set<PosixFilePermission> DEFAULT_FILE_PERMISSIONS =
      PosixFilePermissions.fromString("rw-r--r--");

  private final Path root;

  WorkspaceTree(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  /** One entry: {@code path}, whether a folder, size (0 for folders), modification millis. */
  record Entry(String path, boolean directory, long size, long modifiedMillis) {}

  List<Entry> list(String dir) {
    String relative = normalize(dir);
    Path path = resolveFollowing(relative);
    if (!Files.isDirectory(path)) {
      throw new AgentException("FILE_NOT_FOUND", "no folder at " + quote(relative));
    }
    List<Entry> entries = new ArrayList<>();
    try (var children = Files.list(path)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        String name = child.getFileName().toString();
        entry(relative.isEmpty() ? name : relative + "/" + name, child).ifPresent(entries::add);
      }
    } catch (IOException e) {
      throw io("list", relative, e);
    }
    entries.sort(Comparator.comparing((Entry e) -> !e.directory()).thenComparing(Entry::path));
    return entries;
  }

  Optional<Entry> stat(String path) {
    String relative = normalize(path);
    return entry(relative, resolveFollowing(relative));
  }

  /** Opens a file for reading; the caller closes the stream. */
  InputStream open(String path) {
    String relative = normalize(path);
    Path file = resolveFollowing(relative);
    if (Files.isDirectory(file)) {
      throw new AgentException("IO", quote(relative) + " is a folder, not a file");
    }
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw io("read", relative, e);
    }
  }

  /** Writes a file atomically (temporary file, then rename), creating parent folders. */
  void write(String path, InputStream content) {
    String relative = normalize(path);
    requireNotRoot(relative, "write");
    Path target = resolveFollowing(relative);
    if (Files.isDirectory(target)) {
      throw new AgentException("FILE_EXISTS", quote(relative) + " is a folder");
    }
    try {
      Files.createDirectories(target.getParent());
      resolveFollowing(relative); // the folders just created may not lead anywhere else
      Path temp = Files.createTempFile(target.getParent(), TEMP_PREFIX, ".tmp");
      try {
        try (OutputStream out = Files.newOutputStream(temp)) {
          content.transferTo(out);
        }
        Files.setPosixFilePermissions(
            temp,
            Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : DEFAULT_FILE_PERMISSIONS);
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (FileAlreadyExistsException e) {
      throw new AgentException(
          "FILE_EXISTS", "a file stands where a folder of " + quote(relative) + " should be");
    } catch (IOException e) {
      throw io("write", relative, e);
    }
  }

  void createDirectories(String path) {
    String relative = normalize(path);
    Path dir = resolveFollowing(relative);
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw blockingFile(relative)
          .map(file -> fileOnTheWay(relative, file))
          .orElseGet(
              () ->
                  new AgentException(
                      "FILE_EXISTS", quote(relative) + " exists and is not a folder"));
    } catch (IOException e) {
      throw io("create", relative, e);
    }
  }

  void move(String from, String to) {
    String source = normalize(from);
    String target = normalize(to);
    requireNotRoot(source, "move");
    requireNotRoot(target, "move onto");
    Path sourcePath = resolveEntry(source);
    Path targetPath = resolveEntry(target);
    if (!Files.exists(sourcePath, LinkOption.NOFOLLOW_LINKS)) {
      throw notFound(source);
    }
    if (Files.exists(targetPath, LinkOption.NOFOLLOW_LINKS)) {
      throw new AgentException("FILE_EXISTS", quote(target) + " already exists");
    }
    if (targetPath.startsWith(sourcePath)) {
      throw new AgentException(
          "IO", "cannot move " + quote(source) + " into itself (" + quote(target) + ")");
    }
    try {
      Files.createDirectories(targetPath.getParent());
      resolveEntry(target);
      Files.move(sourcePath, targetPath);
    } catch (FileAlreadyExistsException e) {
      throw blockingFile(target)
          .map(file -> fileOnTheWay(target, file))
          .orElseGet(() -> new AgentException("FILE_EXISTS", quote(target) + " already exists"));
    } catch (IOException e) {
      throw io("move", source, e);
    }
  }

  void delete(String path) {
    String relative = normalize(path);
    requireNotRoot(relative, "delete");
    Path target = resolveEntry(relative);
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      FileTrees.deleteTree(target);
    } catch (IOException e) {
      throw io("delete", relative, e);
    }
  }

  private static String normalize(String path) {
    try {
      return RelativePath.normalize(path);
    } catch (IllegalArgumentException e) {
      throw new AgentException("PATH_OUTSIDE_WORKSPACE", e.getMessage());
    }
  }

  /** The path, following links: whatever exists of it must really be inside the root. */
  private Path resolveFollowing(String relative) {
    Path realRoot = realRoot();
    Path path = realRoot.resolve(relative);
    Path existing = path;
    while (existing != null && !Files.exists(existing)) {
      if (Files.isSymbolicLink(existing)) {
        checkLinkTarget(relative, existing, realRoot); // dangling: where it would lead matters
      }
      existing = existing.getParent();
    }
    try {
      if (existing == null || !existing.toRealPath().startsWith(realRoot)) {
        throw outside(relative);
      }
    } catch (IOException e) {
      throw io("resolve", relative, e);
    }
    return path;
  }

  /** The entry itself (a link is not followed): its folder must really be inside the root. */
  private Path resolveEntry(String relative) {
    Path path = realRoot().resolve(relative);
    resolveFollowing(RelativePath.parent(relative));
    return path;
  }

  private void checkLinkTarget(String relative, Path link, Path realRoot) {
    try {
      Path target = link.getParent().toRealPath().resolve(Files.readSymbolicLink(link)).normalize();
      if (!target.startsWith(realRoot)) {
        throw outside(relative);
      }
    } catch (IOException e) {
      throw io("resolve", relative, e);
    }
  }

  private Path realRoot() {
    try {
      return root.toRealPath();
    } catch (IOException e) {
      throw new AgentException("FILE_NOT_FOUND", "the workspace folder is missing");
    }
  }

  private static Optional<Entry> entry(String relative, Path path) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      return Optional.of(
          new Entry(
              relative,
              attributes.isDirectory(),
              attributes.isDirectory() ? 0 : attributes.size(),
              attributes.lastModifiedTime().toMillis()));
    } catch (IOException e) {
      return Optional.empty(); // missing, or a dangling link
    }
  }

  private static void requireNotRoot(String relative, String action) {
    if (relative.isEmpty()) {
      throw new AgentException(
          "IO", "cannot " + action + " the workspace root itself, name a path inside it");
    }
  }

  private static AgentException outside(String path) {
    return new AgentException(
        "PATH_OUTSIDE_WORKSPACE",
        quote(path) + " is outside the workspace, use a relative path inside it");
  }

  /** A path for a message: quoted, and shortened in the middle when long, so the reason stays. */
  static String quote(String path) {
    return "'"
        + (path.length() <= 120
            ? path
            : path.substring(0, 70) + "…" + path.substring(path.length() - 40))
        + "'";
  }

  private static AgentException notFound(String relative) {
    return new AgentException("FILE_NOT_FOUND", quote(relative) + " does not exist");
  }

  /**
   * An I/O failure, named by the operation and the relative path only: an exception's own message
   * would carry the absolute path. Paths the file system refuses (a name over its limit, a file
   * used as a folder) are the caller's mistake and say so ({@code INVALID_PATH}).
   */
  private AgentException io(String action, String relative, IOException e) {
    if (e instanceof NoSuchFileException) {
      return notFound(relative);
    }
    if (e instanceof FileSystemException) {
      Optional<String> file = blockingFile(relative);
      if (file.isPresent()) {
        return fileOnTheWay(relative, file.get());
      }
    }
    if (e instanceof FileAlreadyExistsException) {
      return new AgentException("FILE_EXISTS", quote(relative) + " already exists");
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return new AgentException(
          "IO", "cannot " + action + " " + quote(relative) + ": permission denied");
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      if (fs.getReason().contains("File name too long")) {
        return invalidPath(relative, "a name in it is longer than the file system allows");
      }
      return new AgentException(
          "IO", "cannot " + action + " " + quote(relative) + ": " + fs.getReason().toLowerCase());
    }
    return new AgentException(
        "IO",
        "cannot " + action + " " + quote(relative) + " (" + e.getClass().getSimpleName() + ")");
  }

  /** The first folder of {@code relative} (not itself) that is a file, if any. */
  private Optional<String> blockingFile(String relative) {
    Path realRoot = realRoot();
    String ancestor = RelativePath.parent(relative);
    String found = null;
    while (!ancestor.isEmpty()) {
      if (Files.isRegularFile(realRoot.resolve(ancestor), LinkOption.NOFOLLOW_LINKS)) {
        found = ancestor;
      }
      ancestor = RelativePath.parent(ancestor);
    }
    return Optional.ofNullable(found);
  }

  private static AgentException fileOnTheWay(String relative, String file) {
    return invalidPath(relative, quote(file) + " on the way to it is a file, not a folder");
  }

  private static AgentException invalidPath(String relative, String reason) {
    return new AgentException("INVALID_PATH", quote(relative) + " cannot be used: " + reason);
  }
}
