package dev.atelier.runtime.agent;

import dev.atelier.agent.RelativePath;
import dev.atelier.agent.Wire;
import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link WorkspaceFiles} through the workspace agent: the server never opens a path of the
 * workspace on the host. Paths are checked lexically before they are sent, and every path the agent
 * answers with is checked again: an answer naming anything but what was asked (another folder's
 * entries, {@code ..}, an absolute path) is refused as a broken agent.
 */
public final class AgentFiles implements WorkspaceFiles {

  /** Largest file read through the agent into memory. */
  public static final int MAX_READ = 256 * 1024 * 1024;

  private final Supplier<AgentConnection> agent;
  private final AgentWatches watches;

  /**
   * @param agent the workspace's agent connection, started or restarted as needed; throws {@code
   *     NOT_RUNNING} when the workspace does not run
   */
  public AgentFiles(Supplier<AgentConnection> agent) {
    this(agent, () -> Optional.of(agent.get()));
  }

  /**
   * @param agent as above
   * @param running the agent's connection if one runs, never starting one: a watch that lost its
   *     agent takes itself up again on the next agent a request starts, so its retries do not use
   *     up the agent's start budget
   */
  public AgentFiles(Supplier<AgentConnection> agent, Supplier<Optional<AgentConnection>> running) {
    this.agent = agent;
    this.watches = new AgentWatches(agent, running);
  }

  /**
   * How long a streamed read may take as a whole: an agent that sends a trickle (a byte a second)
   * never trips the wait for the next bytes, but cannot hold a server thread longer than this. At
   * twice the call timeout (60 s) the largest file ({@link #MAX_READ}) still needs only ~4.5 MB/s.
   */
  static Duration readDeadline(AgentConnection connection) {
    return connection.callTimeout().multipliedBy(2);
  }

  @Override
  public List<FileEntry> list(String dir) {
    String relative = normalize(dir);
    DataInputStream reply = agent.get().request(Wire.OP_LIST, new Wire.Payload().utf(relative));
    try {
      int count = reply.readInt();
      if (count < 0) {
        throw invalid("a negative entry count");
      }
      List<FileEntry> entries = new ArrayList<>(Math.min(count, 10_000));
      for (int i = 0; i < count; i++) {
        FileEntry entry = entry(reply);
        if (!RelativePath.parent(entry.path()).equals(relative) || entry.path().equals(relative)) {
          throw invalid("an entry outside the folder listed");
        }
        entries.add(entry);
      }
      return entries;
    } catch (IOException e) {
      throw invalid("a short listing");
    }
  }

  @Override
  public Optional<FileEntry> stat(String path) {
    String relative = normalize(path);
    DataInputStream reply = agent.get().request(Wire.OP_STAT, new Wire.Payload().utf(relative));
    try {
      if (!reply.readBoolean()) {
        return Optional.empty();
      }
      FileEntry entry = entry(reply);
      if (!entry.path().equals(relative)) {
        throw invalid("another path than the one asked for");
      }
      return Optional.of(entry);
    } catch (IOException e) {
      throw invalid("a short answer");
    }
  }

  @Override
  public byte[] read(String path) {
    return read(path, MAX_READ);
  }

  /**
   * Reads at most {@code maxBytes} (at most {@link #MAX_READ}): the agent sends no more than one
   * byte beyond, and a larger file fails with {@code IO}.
   */
  @Override
  public byte[] read(String path, long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative");
    }
    int max = (int) Math.min(maxBytes, MAX_READ);
    String relative = normalize(path);
    AgentConnection connection = agent.get();
    AgentConnection.Pending call =
        connection.call(
            Wire.OP_READ,
            new Wire.Payload().utf(relative).i64(max),
            connection.callTimeout().toMillis(),
            null);
    boolean streamed = false;
    try {
      call.stream.readDeadline(System.nanoTime() + readDeadline(connection).toNanos());
      DataInputStream reply = call.result(connection.callTimeout());
      streamed = !reply.readBoolean();
      if (!streamed) {
        int length = reply.readInt();
        if (length < 0 || length > Wire.INLINE_READ) {
          throw invalid("an inline file of " + length + " bytes");
        }
        if (length > max) {
          throw tooLarge(relative, max);
        }
        byte[] inline = new byte[length];
        reply.readFully(inline);
        return inline;
      }
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      byte[] buffer = new byte[64 * 1024];
      InputStream in = call.stream.input();
      for (int n; (n = in.read(buffer)) >= 0; ) {
        if (content.size() + n > max) {
          throw tooLarge(relative, max);
        }
        content.write(buffer, 0, n);
      }
      return content.toByteArray();
    } catch (IOException e) {
      throw new WorkspaceRuntimeException(
          ErrorCode.IO, "reading '" + relative + "' broke off: " + e.getMessage());
    } finally {
      if (streamed) {
        call.close();
      } else {
        call.forget(); // answered inline, or refused: the agent has finished the channel
      }
    }
  }

  private static WorkspaceRuntimeException tooLarge(String relative, int max) {
    return new WorkspaceRuntimeException(
        ErrorCode.IO,
        max == MAX_READ
            ? "'"
                + relative
                + "' is larger than "
                + (MAX_READ >> 20)
                + " MiB, too large to open"
                + " here; use the terminal"
            : "'" + relative + "' is larger than " + max + " bytes");
  }

  @Override
  public void write(String path, byte[] content) {
    String relative = normalize(path);
    if (relative.isEmpty()) {
      throw new WorkspaceRuntimeException(
          ErrorCode.IO, "cannot write the workspace root itself, name a path inside it");
    }
    AgentConnection connection = agent.get();
    AgentConnection.Pending call =
        connection.call(
            Wire.OP_WRITE,
            new Wire.Payload().utf(relative),
            connection.callTimeout().toMillis(),
            null);
    try {
      try (OutputStream out = call.stream.output()) {
        out.write(content);
      } catch (IOException e) {
        // the agent refused early (its reply says why) or the connection broke: the reply tells
      }
      call.result(connection.callTimeout());
    } finally {
      call.close();
    }
  }

  @Override
  public void createDirectories(String path) {
    agent.get().request(Wire.OP_MKDIRS, new Wire.Payload().utf(normalize(path)));
  }

  @Override
  public void move(String from, String to) {
    agent.get().request(Wire.OP_MOVE, new Wire.Payload().utf(normalize(from)).utf(normalize(to)));
  }

  @Override
  public void delete(String path) {
    agent.get().request(Wire.OP_DELETE, new Wire.Payload().utf(normalize(path)));
  }

  @Override
  public AutoCloseable watch(FileChangeListener listener) {
    return watches.watch(listener);
  }

  /** The lexical check of every path before it is sent. */
  public static String normalize(String path) {
    try {
      return RelativePath.normalize(path);
    } catch (IllegalArgumentException e) {
      throw new WorkspaceRuntimeException(ErrorCode.PATH_OUTSIDE_WORKSPACE, e.getMessage());
    }
  }

  private static FileEntry entry(DataInputStream reply) throws IOException {
    String path = reply.readUTF();
    boolean directory = reply.readBoolean();
    long size = reply.readLong();
    long modified = reply.readLong();
    if (!RelativePath.isNormalized(path) || path.isEmpty() && !directory) {
      throw invalid("a path that is not a normalized workspace path");
    }
    if (size < 0) {
      throw invalid("a negative size");
    }
    return new FileEntry(path, directory, directory ? 0 : size, modified);
  }

  static WorkspaceRuntimeException invalid(String what) {
    return new WorkspaceRuntimeException(
        ErrorCode.AGENT_UNAVAILABLE,
        "the workspace agent answered with " + what + "; the answer was ignored");
  }
}
