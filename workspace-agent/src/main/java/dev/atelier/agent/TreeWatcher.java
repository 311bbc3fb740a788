package dev.atelier.agent;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches a folder tree (inotify through {@link WatchService}), registering folders as they appear.
 * A folder created with content already in it (an unpacked archive, {@code mkdir -p a/b && touch
 * a/b/c}) is scanned on registration so those files are reported as created too. The inside of
 * {@code .git} is not watched: it changes constantly and its files are not edited. When the kernel
 * queue overflows, a {@code MODIFIED} change of the root ({@code ""}) tells the listener to rescan.
 */
final class TreeWatcher implements AutoCloseable {

  /** Receives a change: {@link Wire#CREATED}, {@link Wire#MODIFIED} or {@link Wire#DELETED}. */
  @FunctionalInterface
  interface Listener {
    void onChange(byte kind, String path);
  }

  private final Path root;
  private final Listener listener;
  private final WatchService service;
  private final Map<WatchKey, Path> folders = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean closed;

  TreeWatcher(Path root, Listener listener) throws IOException {
    this.root = root.toRealPath();
    this.listener = listener;
    this.service = this.root.getFileSystem().newWatchService();
    try {
      register(this.root, false);
    } catch (IOException e) {
      service.close();
      throw e;
    }
    this.thread = new Thread(this::run, "atelier-watch-" + root.getFileName());
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (!closed) {
        WatchKey key = service.take();
        Path folder = folders.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
          if (folder != null) {
            handle(folder, event);
          }
        }
        if (!key.reset()) {
          folders.remove(key);
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // closed
    } catch (RuntimeException e) {
      Agent.log("watching stopped: " + e);
    }
  }

  private void handle(Path folder, WatchEvent<?> event) {
    if (event.kind() == OVERFLOW) {
      emit(Wire.MODIFIED, root);
      return;
    }
    Path child = folder.resolve((Path) event.context());
    if (ignored(child)) {
      return;
    }
    if (event.kind() == ENTRY_CREATE) {
      emit(Wire.CREATED, child);
      if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS) && !isGit(child)) {
        try {
          register(child, true);
        } catch (IOException e) {
          // unreadable or gone: not watched
        }
      }
    } else if (event.kind() == ENTRY_MODIFY) {
      if (!Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        emit(Wire.MODIFIED, child);
      }
    } else if (event.kind() == ENTRY_DELETE) {
      emit(Wire.DELETED, child);
    }
  }

  /**
   * Registers a folder and those below it; {@code report} emits CREATED for what is found inside.
   */
  private void register(Path start, boolean report) throws IOException {
    Files.walkFileTree(
        start,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (isGit(dir)) {
              if (report && root.relativize(dir).getNameCount() == 1 && !dir.equals(start)) {
                emit(Wire.CREATED, dir);
              }
              return FileVisitResult.SKIP_SUBTREE;
            }
            if (report && !dir.equals(start)) {
              emit(Wire.CREATED, dir);
            }
            folders.put(dir.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY), dir);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (report && !ignored(file)) {
              emit(Wire.CREATED, file);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE; // deleted meanwhile, or unreadable
          }
        });
  }

  /** The top-level {@code .git} folder or anything in it. */
  private boolean isGit(Path path) {
    Path relative = root.relativize(path);
    return relative.getNameCount() > 0
        && !relative.toString().isEmpty()
        && relative.getName(0).toString().equals(".git");
  }

  /**
   * Inside {@code .git} (the folder itself is reported), or a temporary file of an atomic write.
   */
  private boolean ignored(Path path) {
    if (isGit(path) && root.relativize(path).getNameCount() > 1) {
      return true;
    }
    return path.getFileName() != null
        && path.getFileName().toString().startsWith(WorkspaceTree.TEMP_PREFIX);
  }

  private void emit(byte kind, Path path) {
    String relative = root.relativize(path).toString().replace('\\', '/');
    try {
      listener.onChange(kind, relative);
    } catch (RuntimeException e) {
      Agent.log("change listener failed: " + e);
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      service.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
