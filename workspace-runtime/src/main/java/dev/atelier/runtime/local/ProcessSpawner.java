package dev.atelier.runtime.local;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts processes from one thread that lives as long as the runtime. The parent-death signal
 * ({@code bwrap --die-with-parent}, {@code setpriv --pdeathsig}) fires when the <em>thread</em>
 * that forked the child ends, not the JVM: started from a pooled thread, a sandbox would be killed
 * when that thread is retired.
 */
final class ProcessSpawner implements AutoCloseable {

  /** Something that starts a process. */
  @FunctionalInterface
  interface Spawn<T> {
    T start() throws IOException;
  }

  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread spawner = new Thread(task, "atelier-process-spawner");
            spawner.setDaemon(true);
            return spawner;
          });

  <T> T spawn(Spawn<T> spawn) throws IOException {
    Future<T> result = thread.submit(spawn::start);
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result.cancel(false);
      throw new IOException("interrupted while starting a process", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(e.getCause());
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
