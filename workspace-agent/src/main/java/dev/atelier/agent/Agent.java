package dev.atelier.agent;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's main loop: reads frames from standard input, runs each {@link Wire#CALL} on a worker
 * thread, and writes frames to standard output under one lock. Standard error is its log. It ends
 * when its input ends (the server went away or closed the connection).
 *
 * <p>The thread that read a call runs it, and hands reading on to a pooled thread first: a quick
 * operation (a stat, a small read) is answered without waiting for another thread to wake up, and a
 * slow one never holds up the frames of other channels.
 *
 * <p>Usage: {@code java -cp atelier-agent.jar dev.atelier.agent.Agent [root]}, root defaulting to
 * {@code /workspace}.
 */
public final class Agent {

  private static final PrintStream LOG = System.err;

  private final WorkspaceTree tree;
  private final DataInputStream in;
  private final DataOutputStream out;
  private final Map<Integer, Call> calls = new ConcurrentHashMap<>();
  private final ExecutorService workers;
  private final Execs execs;

  /** An agent serving {@code root}, speaking over {@code in} and {@code out}. */
  public Agent(Path root, InputStream in, OutputStream out) {
    this.tree = new WorkspaceTree(root);
    this.in = new DataInputStream(new BufferedInputStream(in, 1 << 16));
    // room for a whole frame of stream data: header and payload leave in one write
    this.out = new DataOutputStream(new BufferedOutputStream(out, Wire.CHUNK + 64));
    AtomicInteger threads = new AtomicInteger();
    this.workers =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "agent-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.execs = new Execs(this, tree, workers);
  }

  public static void main(String[] args) {
    Path root = Path.of(args.length > 0 ? args[0] : "/workspace");
    // Standard output is the connection: nothing else may write to it.
    OutputStream connection = new FileOutputStream(FileDescriptor.out);
    System.setOut(LOG);
    new Agent(root, new FileInputStream(FileDescriptor.in), connection).run();
    System.exit(0);
  }

  static void log(String message) {
    LOG.println("atelier-agent: " + message);
  }

  /** Serves until the input ends. */
  public void run() {
    try {
      send(Wire.HELLO, 0, new Wire.Payload().i32(Wire.VERSION).bytes());
      readFrames();
      ended.await();
    } catch (IOException e) {
      log("connection failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      calls.values().forEach(Call::abort);
      workers.shutdownNow();
    }
  }

  /** Counted down when the input ends, whichever thread reads it then. */
  private final java.util.concurrent.CountDownLatch ended =
      new java.util.concurrent.CountDownLatch(1);

  /**
   * Reads frames until a call arrives, then passes reading on to a pooled thread and runs the call
   * on this one. Exactly one thread reads at a time.
   */
  private void readFrames() {
    Call call;
    try {
      do {
        call = dispatch(Wire.read(in));
      } while (call == null);
      workers.execute(this::readFrames);
    } catch (EOFException e) {
      ended.countDown(); // the server closed the connection
      return;
    } catch (IOException | RuntimeException e) {
      // also what would otherwise end a pooled reader silently and leave the input unread
      log("connection failed: " + e);
      ended.countDown();
      return;
    }
    call.run();
  }

  /** Hands a frame to its channel; returns a new call for the caller to run. */
  private Call dispatch(Wire.Frame frame) throws IOException {
    int channel = frame.channel();
    switch (frame.type()) {
      case Wire.CALL -> {
        if (channel == 0 || calls.containsKey(channel) || frame.payload().length == 0) {
          throw new IOException("bad call on channel " + channel);
        }
        Call call = new Call(channel, frame.payload());
        calls.put(channel, call);
        return call;
      }
      case Wire.DATA -> {
        Call call = calls.get(channel);
        if (call != null && !call.stream.received(frame.payload())) {
          call.abort();
        }
      }
      case Wire.END -> ifPresent(channel, call -> call.stream.ended());
      case Wire.CREDIT -> {
        int credit = Wire.reader(frame.payload()).readInt();
        ifPresent(channel, call -> call.stream.credited(credit));
      }
      case Wire.CLOSE -> {
        Call call = calls.remove(channel);
        if (call != null) {
          call.stream.aborted("closed by the server");
          call.closeResources();
        }
      }
      default -> throw new IOException("unexpected frame type " + frame.type());
    }
    return null;
  }

  private void ifPresent(int channel, java.util.function.Consumer<Call> action) {
    Call call = calls.get(channel);
    if (call != null) {
      action.accept(call);
    }
  }

  /**
   * Registers a channel the server opened without a call (an exec's stderr), so that its credit and
   * close frames reach it.
   */
  Call register(int channel) {
    Call side = new Call(channel, new byte[0]);
    if (channel == 0 || calls.putIfAbsent(channel, side) != null) {
      throw new AgentException("BAD_REQUEST", "channel " + channel + " is in use");
    }
    return side;
  }

  void send(byte type, int channel, byte[] payload) throws IOException {
    send(type, channel, payload, payload.length);
  }

  private void send(byte type, int channel, byte[] payload, int length) throws IOException {
    synchronized (out) {
      Wire.write(out, type, channel, payload, length);
      out.flush();
    }
  }

  /** One operation on its channel. */
  final class Call implements Runnable {
    final int channel;
    final byte[] request;
    final StreamChannel stream;
    private volatile AutoCloseable resource;

    Call(int channel, byte[] request) {
      this.channel = channel;
      this.request = request;
      this.stream = new StreamChannel(channel, Agent.this::send, 0);
    }

    @Override
    public void run() {
      boolean keep = false;
      try {
        keep = operate(this, Wire.reader(request));
      } catch (AgentException e) {
        reply(false, new Wire.Payload().utf(e.code()).utf(e.getMessage()).bytes());
      } catch (IOException | RuntimeException e) {
        reply(false, new Wire.Payload().utf("BAD_REQUEST").utf("malformed request").bytes());
      } catch (OutOfMemoryError | StackOverflowError e) {
        // a folder too large to list in the agent's small heap, a tree too deep to delete: the
        // server gets an answer instead of waiting for its timeout
        reply(false, new Wire.Payload().utf("IO").utf("too large for the workspace agent").bytes());
      } finally {
        if (!keep) {
          finish();
        }
      }
    }

    void reply(boolean ok, byte[] result) {
      byte[] payload = new byte[result.length + 1];
      payload[0] = (byte) (ok ? 1 : 0);
      System.arraycopy(result, 0, payload, 1, result.length);
      try {
        send(Wire.REPLY, channel, payload);
      } catch (IOException e) {
        abort();
      }
    }

    void hold(AutoCloseable resource) {
      this.resource = resource;
    }

    /** The operation is done: its channel is forgotten (later frames for it are dropped). */
    void finish() {
      calls.remove(channel, this);
      closeResources();
    }

    void abort() {
      stream.close();
      finish();
    }

    void closeResources() {
      AutoCloseable held = resource;
      if (held != null) {
        try {
          held.close();
        } catch (Exception e) {
          // closing anyway
        }
      }
    }
  }

  /** Runs one operation; returns whether its channel stays open after the reply. */
  private boolean operate(Call call, DataInputStream args) throws IOException {
    byte op = args.readByte();
    switch (op) {
      case Wire.OP_PING -> call.reply(true, new byte[0]);
      case Wire.OP_STAT -> {
        var entry = tree.stat(args.readUTF());
        Wire.Payload result = new Wire.Payload().bool(entry.isPresent());
        entry.ifPresent(e -> entry(result, e));
        call.reply(true, result.bytes());
      }
      case Wire.OP_LIST -> {
        var entries = tree.list(args.readUTF());
        Wire.Payload result = new Wire.Payload().i32(entries.size());
        entries.forEach(e -> entry(result, e));
        byte[] bytes = result.bytes();
        if (bytes.length > Wire.MAX_PAYLOAD - 16) {
          throw new AgentException(
              "IO", "the folder has too many entries to list (" + entries.size() + ")");
        }
        call.reply(true, bytes);
      }
      case Wire.OP_READ -> {
        String path = args.readUTF();
        // optional: the caller takes at most max bytes, so one more tells it the file is larger
        long max = args.available() >= 8 ? args.readLong() : Long.MAX_VALUE - 1;
        if (max < 0) {
          throw new AgentException("BAD_REQUEST", "a negative read limit");
        }
        long limit = max == Long.MAX_VALUE ? max : max + 1;
        InputStream file = tree.open(path);
        byte[] head;
        try {
          head = file.readNBytes((int) Math.min(Wire.INLINE_READ + 1, limit));
        } catch (IOException e) {
          file.close();
          throw new AgentException("IO", "cannot read the file: " + e.getMessage());
        }
        if (head.length <= Wire.INLINE_READ) {
          file.close();
          Wire.Payload result = new Wire.Payload().bool(true).i32(head.length);
          byte[] prefix = result.bytes();
          byte[] inline = new byte[prefix.length + head.length];
          System.arraycopy(prefix, 0, inline, 0, prefix.length);
          System.arraycopy(head, 0, inline, prefix.length, head.length);
          call.reply(true, inline);
          return false;
        }
        call.reply(true, new Wire.Payload().bool(false).bytes());
        try (file;
            OutputStream body = call.stream.output()) {
          body.write(head);
          copy(file, body, limit - head.length);
        } catch (IOException e) {
          call.stream.close(); // the reply said OK: the server sees the stream break off
        }
      }
      case Wire.OP_WRITE -> {
        tree.write(args.readUTF(), call.stream.input());
        call.reply(true, new byte[0]);
      }
      case Wire.OP_MKDIRS -> {
        tree.createDirectories(args.readUTF());
        call.reply(true, new byte[0]);
      }
      case Wire.OP_MOVE -> {
        tree.move(args.readUTF(), args.readUTF());
        call.reply(true, new byte[0]);
      }
      case Wire.OP_DELETE -> {
        tree.delete(args.readUTF());
        call.reply(true, new byte[0]);
      }
      case Wire.OP_WATCH -> {
        TreeWatcher watcher;
        try {
          watcher =
              new TreeWatcher(
                  tree.root(),
                  (kind, path) -> {
                    try {
                      send(Wire.EVENT, call.channel, new Wire.Payload().u8(kind).utf(path).bytes());
                    } catch (IOException e) {
                      call.abort();
                    }
                  });
        } catch (IOException e) {
          throw new AgentException("IO", "cannot watch the workspace's files");
        }
        call.hold(watcher);
        call.reply(true, new byte[0]);
        return true;
      }
      case Wire.OP_FORWARD -> {
        int port = args.readInt();
        if (port < 1 || port > 65535) {
          throw new AgentException("BAD_REQUEST", "port " + port + " is not 1-65535");
        }
        Forward.start(call, port, workers);
        return true;
      }
      case Wire.OP_EXEC -> {
        execs.start(call, args);
        return true;
      }
      case Wire.OP_RESIZE -> execs.resize(call, args);
      case Wire.OP_SIGNAL -> execs.signal(call, args);
      default -> throw new AgentException("BAD_REQUEST", "unknown operation " + op);
    }
    return false;
  }

  /** Copies in chunks of a whole frame ({@code transferTo} would send 8 KiB frames). */
  static void copy(InputStream from, OutputStream to) throws IOException {
    copy(from, to, Long.MAX_VALUE);
  }

  /** Copies at most {@code limit} bytes. */
  static void copy(InputStream from, OutputStream to, long limit) throws IOException {
    byte[] buffer = new byte[Wire.CHUNK];
    for (int n;
        limit > 0 && (n = from.read(buffer, 0, (int) Math.min(buffer.length, limit))) >= 0; ) {
      to.write(buffer, 0, n);
      limit -= n;
    }
  }

  private static void entry(Wire.Payload result, WorkspaceTree.Entry e) {
    result.utf(e.path()).bool(e.directory()).i64(e.size()).i64(e.modifiedMillis());
  }
}
