package dev.atelier.documents;

import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceFiles.FileChangeListener;
import java.util.function.Function;

/**
 * Where the document bridge learns about changes on disk. The server provides one shared watch per
 * workspace for every consumer (explorers, quick open, the bridge); {@link #direct} opens a runtime
 * watch per call, for applications without such a registry.
 */
@FunctionalInterface
public interface WorkspaceWatches {

  /**
   * Calls {@code listener} (on a watch thread; hand work off quickly) for every change in the
   * workspace until the handle is closed.
   */
  AutoCloseable watch(String workspaceId, FileChangeListener listener);

  /** A runtime watch of its own per call. */
  static WorkspaceWatches direct(Function<String, WorkspaceFiles> files) {
    return (workspaceId, listener) -> files.apply(workspaceId).watch(listener);
  }
}
