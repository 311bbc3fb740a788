package dev.atelier.gateway;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: the confinement that lets each
 * workspace's (and each server's) state live without locks, while a slow workspace only ever
 * occupies its own turn of the pool.
 */
final class SerialExecutor implements Executor {

  private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

  private final Executor pool;
  private final String name;
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private boolean running;

  SerialExecutor(Executor pool, String name) {
    this.pool = pool;
    this.name = name;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (tasks) {
      tasks.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    try {
      pool.execute(this::drain);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // The gateway is shutting down: late events (a server's last output) are dropped.
      synchronized (tasks) {
        tasks.clear();
        running = false;
      }
      log.debug("{} dropped a task after shutdown", name);
    }
  }

  private void drain() {
    while (true) {
      Runnable task;
      synchronized (tasks) {
        task = tasks.poll();
        if (task == null) {
          running = false;
          return;
        }
      }
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        log.error("Task on {} failed", name, e);
      }
    }
  }
}
