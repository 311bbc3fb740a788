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
    synchronized (watches) {
      watch = watches.get(workspaceId);
      if (watch == null) {
        Watch created = new Watch();
        created.handle =
            FileService.call(() -> runtime.files(workspaceId).watch(created::dispatch));
        watches.put(workspaceId, created);
        watch = created;
      }
      watch.listeners.add(listener);
    }
    Watch subscribed = watch;
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

  private void close(String workspaceId, Watch watch) {
    try {
      watch.handle.close();
    } catch (Exception e) {
      log.debug("Closing the file watch of {} failed", workspaceId, e);
    }
  }

  private static final class Watch {
    final Set<FileChangeListener> listeners = new CopyOnWriteArraySet<>();
    AutoCloseable handle;

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
