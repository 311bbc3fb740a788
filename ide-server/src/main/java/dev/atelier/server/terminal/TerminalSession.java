package dev.atelier.server.terminal;

import dev.atelier.runtime.spi.ExecProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shell in a PTY, independent of any browser: a reader thread copies its output into the
 * scrollback and to the attached clients, a writer thread feeds it input (so that a shell that
 * stops reading never blocks a WebSocket thread). Attaching replays the scrollback and then
 * streams, with no gap and no duplicate, because both happen under the same lock as the copying.
 */
final class TerminalSession {

  /** Receives a terminal's output; called under the session's lock, so it must not block. */
  interface Client {
    void output(byte[] data);

    void exited(int exitCode);
  }

  /** Input waiting for the shell beyond this is dropped (a paste into a stuck program). */
  static final int MAX_PENDING_INPUT = 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(TerminalSession.class);
  private static final byte[] END = new byte[0];

  private final String workspaceId;
  private final String id;
  private final Instant createdAt = Instant.now();
  private final ExecProcess process;
  private final Scrollback scrollback;
  private final Set<Client> clients = new LinkedHashSet<>();
  private final LinkedBlockingQueue<byte[]> input = new LinkedBlockingQueue<>();
  private final AtomicLong pendingInput = new AtomicLong();
  private volatile String name;
  private volatile Integer exitCode;

  TerminalSession(
      String workspaceId, String id, String name, ExecProcess process, int scrollbackBytes) {
    this.workspaceId = workspaceId;
    this.id = id;
    this.name = name;
    this.process = process;
    this.scrollback = new Scrollback(scrollbackBytes);
  }

  /** Starts copying; {@code onExit} runs once the shell ended and its output was drained. */
  void start(Consumer<TerminalSession> onExit) {
    Thread reader =
        new Thread(() -> pump(onExit), "atelier-terminal-out-" + workspaceId + "-" + id);
    reader.setDaemon(true);
    reader.start();
    Thread writer = new Thread(this::feed, "atelier-terminal-in-" + workspaceId + "-" + id);
    writer.setDaemon(true);
    writer.start();
  }

  private void pump(Consumer<TerminalSession> onExit) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream out = process.stdout()) {
      int n;
      while ((n = out.read(buffer)) > 0) {
        byte[] chunk = java.util.Arrays.copyOf(buffer, n);
        synchronized (this) {
          scrollback.append(chunk, 0, n);
          for (Client client : clients) {
            client.output(chunk);
          }
        }
      }
    } catch (IOException e) {
      // A PTY reports the end of its shell as an I/O error (EIO) on Linux.
      log.debug("Terminal {}/{} output ended: {}", workspaceId, id, e.toString());
    }
    int code;
    try {
      code = process.onExit().get();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      code = -1;
    }
    input.offer(END);
    synchronized (this) {
      exitCode = code;
      for (Client client : clients) {
        client.exited(code);
      }
      clients.clear();
    }
    onExit.accept(this);
  }

  private void feed() {
    OutputStream in = process.stdin();
    try {
      while (true) {
        byte[] data = input.take();
        if (data == END) {
          return;
        }
        pendingInput.addAndGet(-data.length);
        in.write(data);
        in.flush();
      }
    } catch (IOException e) {
      log.debug("Terminal {}/{} input closed: {}", workspaceId, id, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Sends the scrollback to {@code client}, then everything the shell prints until the returned
   * handle is closed. When the shell already ended the client is told so right after the replay.
   */
  synchronized AutoCloseable attach(Client client) {
    byte[] replay = scrollback.snapshot();
    if (replay.length > 0) {
      client.output(replay);
    }
    if (exitCode != null) {
      client.exited(exitCode);
      return () -> {};
    }
    clients.add(client);
    return () -> {
      synchronized (TerminalSession.this) {
        clients.remove(client);
      }
    };
  }

  /**
   * Queues keyboard input for the shell.
   *
   * @return false when it was dropped because too much input is already waiting
   */
  boolean write(byte[] data) {
    if (data.length == 0 || exitCode != null) {
      return exitCode == null;
    }
    if (pendingInput.addAndGet(data.length) > MAX_PENDING_INPUT) {
      pendingInput.addAndGet(-data.length);
      return false;
    }
    input.offer(data);
    return true;
  }

  void resize(int columns, int rows) {
    if (process.isAlive()) {
      process.resize(columns, rows);
    }
  }

  /** Ends the shell and everything it started. */
  void kill() {
    process.kill();
  }

  String workspaceId() {
    return workspaceId;
  }

  String id() {
    return id;
  }

  void rename(String name) {
    this.name = name;
  }

  synchronized int clientCount() {
    return clients.size();
  }

  Terminal describe() {
    Integer code = exitCode;
    return new Terminal(id, name, createdAt, code == null, code);
  }
}
