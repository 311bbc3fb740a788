package dev.atelier.runtime.agent;

import dev.atelier.agent.RelativePath;
import dev.atelier.agent.Wire;
import dev.atelier.runtime.spi.WorkspaceFiles.FileChange;
import dev.atelier.runtime.spi.WorkspaceFiles.FileChangeListener;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File watches through the agent that outlive it: a watch is taken up again when an agent runs
 * again — started by the next request or the workspace's next start; the watch's retries never
 * start one, so they cannot use up the agent's start budget ({@link AgentStarts}) — and its
 * listener then gets a {@code MODIFIED} change of the root, "rescan", since changes may have been
 * missed meanwhile. Changes reach the listener on a thread of the watch's own, through a bounded
 * queue: an agent that floods events loses the surplus (followed by a rescan), never the server's
 * memory.
 */
final class AgentWatches {

  private static final Logger log = LoggerFactory.getLogger(AgentWatches.class);
  private static final int QUEUE = 2_000;

  /** A watch that lived this long is taken up again quickly when it ends; else with back-off. */
  private static final long HEALTHY_MILLIS = 10_000;

  private static final long MAX_RETRY_MILLIS = 2_000;
  private static final java.time.Duration AGENT_READY = java.time.Duration.ofSeconds(20);
  private static final ScheduledExecutorService RETRIES =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "atelier-agent-watch-retry");
            thread.setDaemon(true);
            return thread;
          });

  /** Where retries run: one workspace's slow agent must not hold up another's. */
  private static final java.util.concurrent.ExecutorService CONNECTS =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "atelier-agent-watch-connect");
            thread.setDaemon(true);
            return thread;
          });

  private final Supplier<AgentConnection> agent;
  private final Supplier<Optional<AgentConnection>> running;

  /**
   * @param agent the agent, started if needed: for the first connect, which a subscriber asked for
   * @param running the agent if one runs: for retries, which must not use up its start budget
   */
  AgentWatches(Supplier<AgentConnection> agent, Supplier<Optional<AgentConnection>> running) {
    this.agent = agent;
    this.running = running;
  }

  AutoCloseable watch(FileChangeListener listener) {
    Subscription subscription = new Subscription(listener);
    subscription.connect(100, false);
    return subscription;
  }

  /** No agent runs at the moment: a retry waits for one instead of starting it. */
  private static final class NoAgent extends RuntimeException {
    NoAgent() {
      super("no agent runs", null, false, false);
    }
  }

  private final class Subscription implements AutoCloseable {
    private final FileChangeListener listener;
    private final ThreadPoolExecutor delivery;
    private volatile AgentConnection.Pending call;
    private volatile boolean closed;
    private volatile boolean overflowed;

    Subscription(FileChangeListener listener) {
      this.listener = listener;
      this.delivery =
          new ThreadPoolExecutor(
              1,
              1,
              0,
              TimeUnit.MILLISECONDS,
              new ArrayBlockingQueue<>(QUEUE),
              task -> {
                Thread thread = new Thread(task, "atelier-agent-watch");
                thread.setDaemon(true);
                return thread;
              },
              (task, executor) -> overflowed = true);
    }

    /** Takes the watch up on the current agent; on failure tries again later, backing off. */
    void connect(long retryMillis, boolean rescan) {
      if (closed) {
        return;
      }
      AgentConnection.Pending watching = null;
      try {
        AgentConnection connection;
        if (rescan) {
          // a retry: only on an agent that runs; a request (or the workspace's start) starts one
          connection = running.get().orElseThrow(() -> new NoAgent());
          connection.awaitReady(AGENT_READY);
        } else {
          connection = agent.get();
        }
        watching = connection.call(Wire.OP_WATCH, new Wire.Payload(), 0, this::event);
        watching.result(connection.callTimeout());
        call = watching;
        if (closed) {
          watching.close();
          return;
        }
        long since = System.nanoTime();
        watching.ended.thenRun(
            () -> {
              boolean healthy =
                  System.nanoTime() - since > TimeUnit.MILLISECONDS.toNanos(HEALTHY_MILLIS);
              retry(healthy ? 100 : Math.min(retryMillis * 2, MAX_RETRY_MILLIS));
            });
        if (rescan) {
          deliver(new FileChange(FileChange.Kind.MODIFIED, ""));
        }
      } catch (RuntimeException e) {
        if (watching != null) {
          watching.close(); // a refused watch must not stay among the connection's channels
        }
        if (!(e instanceof NoAgent)
            && (!(e instanceof WorkspaceRuntimeException w) || w.code() != ErrorCode.NOT_RUNNING)) {
          log.debug("Watch through the agent failed, trying again: {}", e.getMessage());
        }
        retry(Math.min(retryMillis * 2, MAX_RETRY_MILLIS));
      }
    }

    private void retry(long delayMillis) {
      if (!closed) {
        RETRIES.schedule(
            () -> CONNECTS.execute(() -> connect(delayMillis, true)),
            delayMillis,
            TimeUnit.MILLISECONDS);
      }
    }

    /** On the connection's reader thread: validate, then queue. */
    private void event(Wire.Frame frame) {
      try {
        DataInputStream in = Wire.reader(frame.payload());
        int kind = in.readUnsignedByte();
        String path = in.readUTF();
        if (kind > Wire.DELETED || !RelativePath.isNormalized(path)) {
          log.debug("Ignored an invalid change from the agent");
          return;
        }
        deliver(new FileChange(FileChange.Kind.values()[kind], path));
      } catch (IOException e) {
        log.debug("Ignored a malformed change from the agent");
      }
    }

    private void deliver(FileChange change) {
      if (closed) {
        return;
      }
      delivery.execute(
          () -> {
            if (overflowed) {
              overflowed = false;
              notify(new FileChange(FileChange.Kind.MODIFIED, ""));
            }
            notify(change);
          });
    }

    private void notify(FileChange change) {
      try {
        listener.onChange(change);
      } catch (RuntimeException e) {
        log.warn("File change listener failed on {}: {}", change, e.toString(), e);
      }
    }

    @Override
    public void close() {
      closed = true;
      AgentConnection.Pending watching = call;
      if (watching != null) {
        watching.close();
      }
      delivery.shutdown();
    }
  }
}
