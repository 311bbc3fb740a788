package dev.atelier.runtime.kubernetes;

import dev.atelier.runtime.spi.WorkspaceFiles.FileChange;
import dev.atelier.runtime.spi.WorkspaceFiles.FileChangeListener;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a workspace pod's tree by polling: images rarely ship inotify tools, so every interval
 * one exec lists the tree with size, modification time and inode ({@link PodScripts#FILES} {@code
 * tree}) and the difference to the previous listing becomes {@link FileChange}s. One poller per
 * workspace serves all its listeners; it stops when the last one closes.
 */
final class TreeWatch {

  private static final Logger LOG = LoggerFactory.getLogger(TreeWatch.class);
  private static final Pattern LINE = Pattern.compile("^([0-9a-fA-F]+) (\\d+) (\\d+) (\\d+) (.*)$");

  /** What a listing says about one path. */
  record Signature(boolean directory, long size, long mtime, long inode) {}

  private final Supplier<String> lister;
  private final ScheduledExecutorService scheduler;
  private final long intervalMillis;
  private final Runnable onIdle;
  private final List<FileChangeListener> listeners = new CopyOnWriteArrayList<>();
  private Map<String, Signature> previous;
  private ScheduledFuture<?> task;

  /**
   * @param lister runs the tree listing and returns its output; throws when the pod is unreachable
   * @param onIdle called after the last listener closed
   */
  TreeWatch(
      Supplier<String> lister,
      ScheduledExecutorService scheduler,
      long intervalMillis,
      Runnable onIdle) {
    this.lister = lister;
    this.scheduler = scheduler;
    this.intervalMillis = intervalMillis;
    this.onIdle = onIdle;
  }

  synchronized AutoCloseable add(FileChangeListener listener) {
    listeners.add(listener);
    if (task == null) {
      task = scheduler.scheduleWithFixedDelay(this::poll, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }
    return () -> remove(listener);
  }

  private synchronized void remove(FileChangeListener listener) {
    listeners.remove(listener);
    if (listeners.isEmpty() && task != null) {
      close();
      onIdle.run();
    }
  }

  synchronized void close() {
    if (task != null) {
      task.cancel(false);
      task = null;
    }
    previous = null;
  }

  private void poll() {
    Map<String, Signature> current;
    try {
      current = parse(lister.get());
    } catch (RuntimeException e) {
      // The pod may be restarting; the next poll compares against the last good listing.
      LOG.debug("workspace tree listing failed: {}", e.getMessage());
      return;
    }
    Map<String, Signature> before;
    synchronized (this) {
      before = previous;
      previous = current;
    }
    if (before == null) {
      return;
    }
    for (FileChange change : diff(before, current)) {
      for (FileChangeListener listener : listeners) {
        try {
          listener.onChange(change);
        } catch (RuntimeException e) {
          LOG.warn("file change listener failed on {}", change, e);
        }
      }
    }
  }

  /** Parses a tree listing: {@code <hex mode> <size> <mtime> <inode> ./<path>} per line. */
  static Map<String, Signature> parse(String output) {
    Map<String, Signature> tree = new HashMap<>();
    String path = null;
    Signature signature = null;
    for (String line : output.split("\n", -1)) {
      Matcher m = LINE.matcher(line);
      if (m.matches()) {
        put(tree, path, signature);
        boolean directory = (Integer.parseInt(m.group(1), 16) & 0xF000) == 0x4000;
        signature =
            new Signature(
                directory,
                Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4)));
        path = m.group(5);
      } else if (path != null && !line.isEmpty()) {
        path = path + "\n" + line;
      }
    }
    put(tree, path, signature);
    return tree;
  }

  private static void put(Map<String, Signature> tree, String path, Signature signature) {
    if (path == null) {
      return;
    }
    String relative = path.startsWith("./") ? path.substring(2) : path;
    if (!relative.isEmpty()) {
      tree.put(relative, signature);
    }
  }

  /**
   * The changes from one listing to the next, sorted by path. A folder is never reported as
   * modified: its time changes whenever an entry does, and that entry is reported itself.
   */
  static List<FileChange> diff(Map<String, Signature> before, Map<String, Signature> after) {
    List<FileChange> changes = new java.util.ArrayList<>();
    after.forEach(
        (path, signature) -> {
          Signature old = before.get(path);
          if (old == null || old.directory() != signature.directory()) {
            if (old != null) {
              changes.add(new FileChange(FileChange.Kind.DELETED, path));
            }
            changes.add(new FileChange(FileChange.Kind.CREATED, path));
          } else if (!signature.directory() && !old.equals(signature)) {
            changes.add(new FileChange(FileChange.Kind.MODIFIED, path));
          }
        });
    before.keySet().stream()
        .filter(path -> !after.containsKey(path))
        .forEach(path -> changes.add(new FileChange(FileChange.Kind.DELETED, path)));
    changes.sort(java.util.Comparator.comparing(FileChange::path));
    return changes;
  }
}
