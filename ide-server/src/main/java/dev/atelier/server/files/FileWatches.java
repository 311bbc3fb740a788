package dev.atelier.server.files;

import dev.atelier.documents.WorkspaceWatches;
import dev.atelier.runtime.spi.WorkspaceFiles.FileChange;
import dev.atelier.runtime.spi.WorkspaceFiles.FileChangeListener;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.server.workspace.WorkspaceAccess;
import dev.atelier.server.workspace.WorkspaceRole;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArraySet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * One runtime watch per workspace, shared by every consumer: open explorers and quick-open caches
 * of it ({@link #subscribe}, access-checked) and the document–file bridge ({@link #watch}). The
 * runtime's watch is opened for the first subscriber and closed after the last one leaves.
 * Listeners run on the runtime's watch thread and must hand work off quickly.
 *
 * <p>Opening a runtime watch can take long (the workspace agent may have to start first), so it
 * happens outside the lock shared by all workspaces: only later subscribers of the same workspace
 * wait for it.
 */
@Service
public class FileWatches implements WorkspaceWatches, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(FileWatches.class);

  private final WorkspaceRuntime runtime;
  private final WorkspaceAccess access;
  private final Map<String, Watch> watches = new HashMap<>();

  FileWatches(WorkspaceRuntime runtime, WorkspaceAccess access) {
    this.runtime = runtime;
    this.access = access;
  }

  /**
   * Calls {@code listener} for every change in the workspace until the handle is closed. Needs
   * READ.
   */
  public AutoCloseable subscribe(String userId, String workspaceId, FileChangeListener listener) {
    access.require(userId, workspaceId, WorkspaceRole.READ);
    return watch(workspaceId, listener);
  }

  /**
   * Calls {@code listener} for every change in the workspace until the handle is closed, for server
   * components acting for no particular user (the document–file bridge).
   */
  @Override
  public AutoCloseable watch(String workspaceId, FileChangeListener listener) {
    Watch watch;
    boolean first;
    synchronized (watches) {
      watch = watches.get(workspaceId);
      first = watch == null;
      if (first) {
        watch = new Watch();
        watches.put(workspaceId, watch);
      }
      watch.listeners.add(listener);
    }
    Watch subscribed = watch;
    if (first) {
      try {
        watch.handle.complete(
            FileService.call(() -> runtime.files(workspaceId).watch(subscribed::dispatch)));
      } catch (RuntimeException e) {
        synchronized (watches) {
          watches.remove(workspaceId, subscribed);
        }
        watch.handle.completeExceptionally(e);
        throw e;
      }
    } else {
      try {
        watch.handle.join(); // opened by the first subscriber, outside the lock
      } catch (CompletionException e) {
        subscribed.listeners.remove(listener);
        throw e.getCause() instanceof RuntimeException cause ? cause : e;
      }
    }
    return () -> unsubscribe(workspaceId, subscribed, listener);
  }

  private void unsubscribe(String workspaceId, Watch watch, FileChangeListener listener) {
    synchronized (watches) {
      if (watch.listeners.remove(listener)
          && watch.listeners.isEmpty()
          && watches.get(workspaceId) == watch) {
        watches.remove(workspaceId);
        close(workspaceId, watch);
      }
    }
  }

  @Override
  public void destroy() {
    synchronized (watches) {
      watches.forEach(this::close);
      watches.clear();
    }
  }

  /** Closes the runtime's watch, at once or as soon as it is open. */
  private void close(String workspaceId, Watch watch) {
    watch.handle.thenAccept(
        handle -> {
          try {
            handle.close();
          } catch (Exception e) {
            log.debug("Closing the file watch of {} failed", workspaceId, e);
          }
        });
  }

  private static final class Watch {
    final Set<FileChangeListener> listeners = new CopyOnWriteArraySet<>();
    final CompletableFuture<AutoCloseable> handle = new CompletableFuture<>();

    void dispatch(FileChange change) {
      for (FileChangeListener listener : listeners) {
        try {
          listener.onChange(change);
        } catch (RuntimeException e) {
          log.warn("A file watch listener failed on {}", change, e);
        }
      }
    }
  }
}
