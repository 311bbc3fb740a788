package dev.atelier.server.bench;

import dev.atelier.collab.crdt.Doc;
import dev.atelier.collab.crdt.YText;
import dev.atelier.collab.protocol.Frame;
import dev.atelier.collab.protocol.SyncMessage;
import dev.atelier.collab.protocol.SyncProtocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Many y-websocket peers for a load harness, over plain NIO: a few selector threads serve all the
 * connections, so that a thousand simulated peers cost the harness little CPU and the measured
 * figures belong to the server under test. (The JDK's {@code java.net.http.WebSocket}, used by
 * {@code CollabClient}, spends several times more per message.)
 *
 * <p>Each peer speaks the y-websocket protocol with the {@code collab} codec: it sends sync step 1
 * on connect, answers the server's step 1, counts as synced at the server's step 2, and types into
 * its own {@link Doc}. Relayed updates go to the listener <em>without being applied</em>: a peer's
 * document holds only its own edits, which are valid CRDT operations all the same.
 */
final class LoadPeers implements AutoCloseable {

  /** Told about each relayed update (sync message "update"), on a selector thread. */
  @FunctionalInterface
  interface UpdateListener {
    void updated(Peer peer, byte[] update, long receivedNanos);
  }

  private final Loop[] loops;
  private final UpdateListener listener;
  private int next;

  LoadPeers(int threads, UpdateListener listener) throws IOException {
    this.listener = listener;
    loops = new Loop[threads];
    for (int i = 0; i < threads; i++) {
      loops[i] = new Loop(Selector.open(), "load-peers-" + i);
      loops[i].thread.start();
    }
  }

  /**
   * Opens a WebSocket to {@code uri} ({@code ws://host:port/path?query}); completes when synced.
   */
  synchronized CompletableFuture<Peer> connect(URI uri) {
    Loop loop = loops[next++ % loops.length];
    Peer peer = new Peer(loop, uri);
    loop.register(peer);
    return peer.synced;
  }

  @Override
  public void close() {
    for (Loop loop : loops) {
      loop.stop();
    }
  }

  /** One selector thread. */
  private final class Loop implements Runnable {
    final Selector selector;
    final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    final Thread thread;
    volatile boolean running = true;

    Loop(Selector selector, String name) {
      this.selector = selector;
      this.thread = new Thread(this, name);
      thread.setDaemon(true);
    }

    void register(Peer peer) {
      run(peer::open);
    }

    void run(Runnable task) {
      tasks.add(task);
      selector.wakeup();
    }

    void stop() {
      running = false;
      selector.wakeup();
    }

    @Override
    public void run() {
      try {
        while (running) {
          selector.select();
          for (Runnable task; (task = tasks.poll()) != null; ) {
            task.run();
          }
          for (SelectionKey key : selector.selectedKeys()) {
            Peer peer = (Peer) key.attachment();
            try {
              if (key.isConnectable()) {
                peer.finishConnect();
              }
              if (key.isValid() && key.isWritable()) {
                peer.writePending();
              }
              if (key.isValid() && key.isReadable()) {
                peer.read();
              }
            } catch (IOException | RuntimeException e) {
              peer.fail(e);
            }
          }
          selector.selectedKeys().clear();
        }
        for (SelectionKey key : selector.keys()) {
          key.channel().close();
        }
        selector.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** One simulated peer: a WebSocket connection and its own document. */
  final class Peer {
    private final Loop loop;
    private final URI uri;
    private final Doc doc = new Doc();
    private final YText text = doc.getText("content");
    final CompletableFuture<Peer> synced = new CompletableFuture<>();
    private SocketChannel channel;
    private SelectionKey key;
    private ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private boolean upgraded;

    Peer(Loop loop, URI uri) {
      this.loop = loop;
      this.uri = uri;
      doc.onUpdate(
          (update, origin) -> {
            if (origin != this) {
              send(Frame.sync(SyncProtocol.update(update)).encode());
            }
          });
    }

    long clientId() {
      return doc.clientId();
    }

    /** Types {@code s} at the end of this peer's own text; the update goes to the server. */
    synchronized void append(String s) {
      doc.transact(() -> text.insert(text.length(), s), "local");
    }

    void open() {
      try {
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        key = channel.register(loop.selector, SelectionKey.OP_CONNECT, this);
        if (channel.connect(new InetSocketAddress(uri.getHost(), uri.getPort()))) {
          finishConnect();
        }
      } catch (IOException e) {
        fail(e);
      }
    }

    void finishConnect() throws IOException {
      if (!channel.finishConnect()) {
        return;
      }
      byte[] nonce = new byte[16];
      ThreadLocalRandom.current().nextBytes(nonce);
      String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      String request =
          "GET "
              + target
              + " HTTP/1.1\r\nHost: "
              + uri.getHost()
              + ":"
              + uri.getPort()
              + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
              + Base64.getEncoder().encodeToString(nonce)
              + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
      key.interestOps(SelectionKey.OP_READ);
      enqueue(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Sends one binary message (masked, as clients must); callable from any thread. */
    void send(byte[] payload) {
      int headerLength = payload.length < 126 ? 2 : payload.length < 65536 ? 4 : 10;
      ByteBuffer frame = ByteBuffer.allocate(headerLength + 4 + payload.length);
      frame.put((byte) 0x82);
      if (payload.length < 126) {
        frame.put((byte) (0x80 | payload.length));
      } else if (payload.length < 65536) {
        frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
      } else {
        frame.put((byte) (0x80 | 127)).putLong(payload.length);
      }
      int mask = ThreadLocalRandom.current().nextInt();
      frame.putInt(mask);
      for (int i = 0; i < payload.length; i++) {
        frame.put((byte) (payload[i] ^ (mask >>> (8 * (3 - (i & 3))))));
      }
      frame.flip();
      if (Thread.currentThread() == loop.thread) {
        enqueue(frame);
      } else {
        loop.run(() -> enqueue(frame));
      }
    }

    private void enqueue(ByteBuffer frame) {
      pending.add(frame);
      try {
        writePending();
      } catch (IOException e) {
        fail(e);
      }
    }

    void writePending() throws IOException {
      while (!pending.isEmpty()) {
        ByteBuffer b = pending.peek();
        channel.write(b);
        if (b.hasRemaining()) {
          key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
          return;
        }
        pending.poll();
      }
      if (key.isValid()) {
        key.interestOps(SelectionKey.OP_READ);
      }
    }

    void read() throws IOException {
      if (channel.read(in) < 0) {
        fail(new IOException("connection closed by the server"));
        return;
      }
      in.flip();
      if (!upgraded && !readHandshake()) {
        in.compact();
        return;
      }
      while (readFrame()) {
        // one message handled
      }
      in.compact();
      if (!in.hasRemaining()) {
        ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
        in.flip();
        bigger.put(in);
        in = bigger;
      }
    }

    private boolean readHandshake() throws IOException {
      byte[] seen = new byte[in.remaining()];
      in.duplicate().get(seen);
      String head = new String(seen, StandardCharsets.ISO_8859_1);
      int end = head.indexOf("\r\n\r\n");
      if (end < 0) {
        return false;
      }
      if (!head.startsWith("HTTP/1.1 101")) {
        throw new IOException("WebSocket upgrade refused: " + head.lines().findFirst().orElse(""));
      }
      in.position(in.position() + end + 4);
      upgraded = true;
      send(Frame.sync(SyncProtocol.step1(doc)).encode());
      return true;
    }

    /** Reads one whole frame from {@code in} if it holds one; server frames are not masked. */
    private boolean readFrame() throws IOException {
      if (in.remaining() < 2) {
        return false;
      }
      int start = in.position();
      int b0 = in.get() & 0xff;
      int b1 = in.get() & 0xff;
      long length = b1 & 0x7f;
      if (length == 126) {
        if (in.remaining() < 2) {
          in.position(start);
          return false;
        }
        length = in.getShort() & 0xffff;
      } else if (length == 127) {
        if (in.remaining() < 8) {
          in.position(start);
          return false;
        }
        length = in.getLong();
      }
      if (in.remaining() < length) {
        in.position(start);
        return false;
      }
      byte[] payload = new byte[(int) length];
      in.get(payload);
      int opcode = b0 & 0x0f;
      if ((b0 & 0x80) == 0 || opcode == 0) {
        throw new IOException("fragmented messages are not expected from the servers under test");
      }
      switch (opcode) {
        case 2 -> message(payload, System.nanoTime());
        case 8 -> fail(new IOException("closed by the server"));
        case 9 -> sendControl(0x8A, payload); // ping -> pong
        default -> {
          // text and pong frames mean nothing here
        }
      }
      return true;
    }

    private void sendControl(int firstByte, byte[] payload) {
      ByteBuffer frame = ByteBuffer.allocate(6 + payload.length);
      frame.put((byte) firstByte).put((byte) (0x80 | payload.length)).putInt(0).put(payload).flip();
      enqueue(frame);
    }

    private void message(byte[] bytes, long now) {
      Frame frame = Frame.decode(bytes);
      if (!(frame instanceof Frame.Sync s)) {
        return; // awareness and the rest: not measured
      }
      SyncMessage m = s.message();
      switch (m.type()) {
        case STEP1 -> {
          byte[] reply;
          synchronized (this) {
            reply = Frame.sync(SyncProtocol.handle(doc, m, this).orElseThrow()).encode();
          }
          send(reply);
        }
        case STEP2 -> synced.complete(this);
        case UPDATE -> listener.updated(this, m.payload(), now);
      }
    }

    void fail(Exception e) {
      synced.completeExceptionally(e);
      if (key != null) {
        key.cancel();
      }
      try {
        if (channel != null) {
          channel.close();
        }
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
