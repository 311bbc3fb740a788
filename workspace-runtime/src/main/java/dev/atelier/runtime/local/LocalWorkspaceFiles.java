package dev.atelier.runtime.local;

import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link WorkspaceFiles} over a workspace's content folder on this host. Usable whether or not the
 * workspace runs. Every path is checked twice: lexically (no absolute path, no {@code ..} above the
 * root) and on disk (the real path of what exists, after symbolic links, must be inside the root).
 */
final class LocalWorkspaceFiles implements WorkspaceFiles {

  /** Prefix of the temporary files of atomic writes; the watcher does not report them. */
  static final String TEMP_PREFIX = ".atelier-tmp-";

  private final String workspaceId;
  private final Path root;

  LocalWorkspaceFiles(String workspaceId, Path root) {
    this.workspaceId = workspaceId;
    this.root = root;
  }

  @Override
  public List<FileEntry> list(String dir) {
    String relative = normalize(dir);
    Path path = resolveFollowing(relative);
    if (!Files.isDirectory(path)) {
      throw new WorkspaceRuntimeException(
          ErrorCode.FILE_NOT_FOUND, "no folder at '" + relative + "'");
    }
    List<FileEntry> entries = new ArrayList<>();
    try (var children = Files.list(path)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        String name = child.getFileName().toString();
        entry(relative.isEmpty() ? name : relative + "/" + name, child).ifPresent(entries::add);
      }
    } catch (IOException e) {
      throw io("list", relative, e);
    }
    entries.sort(
        Comparator.comparing((FileEntry e) -> !e.directory()).thenComparing(FileEntry::name));
    return entries;
  }

  @Override
  public Optional<FileEntry> stat(String path) {
    String relative = normalize(path);
    return entry(relative, resolveFollowing(relative));
  }

  @Override
  public byte[] read(String path) {
    String relative = normalize(path);
    Path file = resolveFollowing(relative);
    if (Files.isDirectory(file)) {
      throw new WorkspaceRuntimeException(
          ErrorCode.IO, "'" + relative + "' is a folder, not a file");
    }
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw notFound(relative);
    } catch (IOException e) {
      throw io("read", relative, e);
    }
  }

  @Override
  public void write(String path, byte[] content) {
    String relative = normalize(path);
    requireNotRoot(relative, "write");
    Path target = resolveFollowing(relative);
    if (Files.isDirectory(target)) {
      throw new WorkspaceRuntimeException(ErrorCode.FILE_EXISTS, "'" + relative + "' is a folder");
    }
    try {
      Files.createDirectories(target.getParent());
      resolveFollowing(relative); // the folders just created may not lead anywhere else
      Path temp = Files.createTempFile(target.getParent(), TEMP_PREFIX, ".tmp");
      try {
        Files.write(temp, content);
        if (Files.exists(target)) {
          Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
        } else {
          Files.setPosixFilePermissions(temp, DEFAULT_FILE_PERMISSIONS);
        }
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw io("write", relative, e);
    }
  }

  private static final Set<PosixFilePermission> DEFAULT_FILE_PERMISSIONS =
      java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");

  @Override
  public void createDirectories(String path) {
    String relative = normalize(path);
    Path dir = resolveFollowing(relative);
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw blockingFile(relative)
          .map(file -> fileOnTheWay(relative, file, e))
          .orElseGet(
              () ->
                  new WorkspaceRuntimeException(
                      ErrorCode.FILE_EXISTS, "'" + relative + "' exists and is not a folder"));
    } catch (IOException e) {
      throw io("create", relative, e);
    }
  }

  @Override
  public void move(String from, String to) {
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
      throw new WorkspaceRuntimeException(ErrorCode.FILE_EXISTS, "'" + target + "' already exists");
    }
    if (targetPath.startsWith(sourcePath)) {
      throw new WorkspaceRuntimeException(
          ErrorCode.IO, "cannot move '" + source + "' into itself ('" + target + "')");
    }
    try {
      Files.createDirectories(targetPath.getParent());
      resolveEntry(target);
      Files.move(sourcePath, targetPath);
    } catch (FileAlreadyExistsException e) {
      throw blockingFile(target)
          .map(file -> fileOnTheWay(target, file, e))
          .orElseGet(
              () ->
                  new WorkspaceRuntimeException(
                      ErrorCode.FILE_EXISTS, "'" + target + "' already exists"));
    } catch (IOException e) {
      throw io("move", source, e);
    }
  }

  @Override
  public void delete(String path) {
    String relative = normalize(path);
    requireNotRoot(relative, "delete");
    Path target = resolveEntry(relative);
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      deleteTree(target);
    } catch (IOException e) {
      throw io("delete", relative, e);
    }
  }

  @Override
  public AutoCloseable watch(FileChangeListener listener) {
    requireRoot();
    try {
      return new TreeWatcher(root, listener);
    } catch (IOException e) {
      throw io("watch", "", e);
    }
  }

  /** Deletes a file, a link (not its target) or a folder with everything in it. */
  static void deleteTree(Path target) throws IOException {
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(target);
      return;
    }
    Files.walkFileTree(
        target,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            try {
              Files.deleteIfExists(dir);
            } catch (DirectoryNotEmptyException again) {
              // a process created a file meanwhile: one more pass
              deleteTree(dir);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /**
   * Lexical check: relative, {@code /}-separated, no {@code ..} above the root. Returns the
   * normalized form ({@code a/b}, {@code ""} for the root).
   */
  String normalize(String path) {
    if (path == null) {
      return "";
    }
    if (path.startsWith("/") || path.indexOf('\0') >= 0) {
      throw outside(path);
    }
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : path.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (segments.isEmpty()) {
          throw outside(path);
        }
        segments.removeLast();
      } else {
        segments.addLast(segment);
      }
    }
    return String.join("/", segments);
  }

  /** The path, following links: whatever exists of it must really be inside the root. */
  private Path resolveFollowing(String relative) {
    Path realRoot = requireRoot();
    Path path = realRoot.resolve(relative);
    Path existing = path;
    while (existing != null && !Files.exists(existing)) {
      if (Files.isSymbolicLink(existing)) {
        // a dangling link: where it would lead is what matters
        checkLinkTarget(relative, existing, realRoot);
      }
      existing = existing.getParent();
    }
    checkInside(relative, existing, realRoot);
    return path;
  }

  /** The entry itself (a link is not followed): its folder must really be inside the root. */
  private Path resolveEntry(String relative) {
    Path realRoot = requireRoot();
    Path path = realRoot.resolve(relative);
    resolveFollowing(parentOf(relative));
    return path;
  }

  private void checkInside(String relative, Path existing, Path realRoot) {
    try {
      if (existing == null || !existing.toRealPath().startsWith(realRoot)) {
        throw outside(relative);
      }
    } catch (IOException e) {
      throw io("resolve", relative, e);
    }
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

  private Path requireRoot() {
    try {
      return root.toRealPath();
    } catch (IOException e) {
      throw new WorkspaceRuntimeException(
          ErrorCode.NOT_FOUND, "workspace " + workspaceId + " has no files yet, start it first");
    }
  }

  private static Optional<FileEntry> entry(String relative, Path path) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      return Optional.of(
          new FileEntry(
              relative,
              attributes.isDirectory(),
              attributes.isDirectory() ? 0 : attributes.size(),
              attributes.lastModifiedTime().toMillis()));
    } catch (IOException e) {
      return Optional.empty(); // missing, or a dangling link
    }
  }

  private static String parentOf(String relative) {
    int slash = relative.lastIndexOf('/');
    return slash < 0 ? "" : relative.substring(0, slash);
  }

  private static void requireNotRoot(String relative, String action) {
    if (relative.isEmpty()) {
      throw new WorkspaceRuntimeException(
          ErrorCode.IO, "cannot " + action + " the workspace root itself, name a path inside it");
    }
  }

  private WorkspaceRuntimeException outside(String path) {
    return new WorkspaceRuntimeException(
        ErrorCode.PATH_OUTSIDE_WORKSPACE,
        "'" + path + "' is outside the workspace, use a relative path inside it");
  }

  private static WorkspaceRuntimeException notFound(String relative) {
    return new WorkspaceRuntimeException(
        ErrorCode.FILE_NOT_FOUND, "'" + relative + "' does not exist");
  }

  /**
   * The error for a failed file system call. The message names the path inside the workspace only:
   * {@link FileSystemException#getMessage()} contains the host path of the workspace folder, which
   * must not reach clients, so only its reason is kept. Paths the file system refuses (a name over
   * its limit, a file used as a folder) are the caller's mistake and say so.
   */
  private WorkspaceRuntimeException io(String action, String relative, IOException e) {
    if (e instanceof NoSuchFileException) {
      return notFound(relative);
    }
    Optional<String> file =
        e instanceof FileSystemException ? blockingFile(relative) : Optional.empty();
    if (file.isPresent()) {
      return fileOnTheWay(relative, file.get(), e);
    }
    if (e instanceof FileSystemException fs) {
      String reason = fs.getReason() == null ? "" : fs.getReason();
      if (reason.contains("File name too long")) {
        return invalidPath(relative, "a name in it is longer than the file system allows", e);
      }
      if (e instanceof FileAlreadyExistsException) {
        return new WorkspaceRuntimeException(
            ErrorCode.FILE_EXISTS, "'" + relative + "' already exists", e);
      }
      return new WorkspaceRuntimeException(
          ErrorCode.IO,
          "cannot " + action + " '" + relative + "'" + (reason.isEmpty() ? "" : ": " + reason),
          e);
    }
    return new WorkspaceRuntimeException(
        ErrorCode.IO,
        "cannot " + action + " '" + relative + "' (" + e.getClass().getSimpleName() + ")",
        e);
  }

  /** The first folder of {@code relative} (not itself) that is a file, if any. */
  private Optional<String> blockingFile(String relative) {
    String ancestor = parentOf(relative);
    String found = null;
    while (!ancestor.isEmpty()) {
      if (Files.isRegularFile(root.resolve(ancestor), LinkOption.NOFOLLOW_LINKS)) {
        found = ancestor;
      }
      ancestor = parentOf(ancestor);
    }
    return Optional.ofNullable(found);
  }

  private static WorkspaceRuntimeException fileOnTheWay(
      String relative, String file, IOException e) {
    return invalidPath(relative, "'" + file + "' on the way to it is a file, not a folder", e);
  }

  private static WorkspaceRuntimeException invalidPath(
      String relative, String reason, IOException e) {
    return new WorkspaceRuntimeException(
        ErrorCode.INVALID_PATH, "'" + relative + "' cannot be used: " + reason, e);
  }
}
