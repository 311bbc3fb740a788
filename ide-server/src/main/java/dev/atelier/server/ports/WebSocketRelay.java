package dev.atelier.server.ports;

import dev.atelier.runtime.spi.PortConnection;
import dev.atelier.server.sockets.SocketRegistry;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;

/**
 * One upgraded browser connection relayed as bytes to one connection to the workspace's server, a
 * thread per direction (the upstream's streams are blocking). Whichever side ends, the other is
 * closed. Revocation ({@link SocketRegistry}) closes the upstream at once and sends the browser a
 * close frame with the revocation's code when the relay stands between two frames (it follows the
 * frame headers going to the browser for that), else cuts the connection.
 *
 * <p>Public with a public constructor because the servlet container instantiates it ({@link
 * jakarta.servlet.http.HttpServletRequest#upgrade}); {@link WebSocketRelays} then {@link #attach}es
 * what it relays before the container calls {@link #init}.
 */
public final class WebSocketRelay implements HttpUpgradeHandler {

  private static final Logger log = LoggerFactory.getLogger(WebSocketRelay.class);

  /** After a revocation, the browser connection is cut at the latest after this. */
  private static final long REVOKE_GRACE_MILLIS = 2_000;

  /** After the browser's side ended, the workspace's server has this long to close its side. */
  private static final long CLOSE_GRACE_MILLIS = 5_000;

  /** What the relay connects, handed over by {@link WebSocketRelays}. */
  record Setup(
      PortConnection upstream,
      InputStream fromUpstream,
      WebSocketRelays.Viewer viewer,
      SocketRegistry sockets,
      ExecutorService threads,
      ScheduledExecutorService timer) {}

  private final AtomicBoolean closed = new AtomicBoolean();
  private final FrameBoundaries toBrowser = new FrameBoundaries();
  private volatile Setup setup;
  private volatile WebConnection browser;
  private volatile CloseStatus closing;
  private volatile AutoCloseable registration;

  public WebSocketRelay() {}

  void attach(Setup setup) {
    this.setup = setup;
  }

  @Override
  public void init(WebConnection connection) {
    this.browser = connection;
    Setup s = setup;
    if (s == null) {
      closeQuietly(connection);
      return;
    }
    WebSocketRelays.Viewer viewer = s.viewer();
    registration =
        s.sockets()
            .register(
                "preview",
                viewer.workspaceId(),
                viewer.userId(),
                viewer.owner(),
                "preview@" + Integer.toHexString(System.identityHashCode(this)),
                this::revoke);
    try {
      s.threads().execute(this::upstreamToBrowser);
      s.threads().execute(this::browserToUpstream);
    } catch (RejectedExecutionException e) {
      close(); // shutting down
    }
  }

  @Override
  public void destroy() {
    close();
  }

  /** Access was revoked or the workspace deleted: end the relay now, telling the browser why. */
  private void revoke(CloseStatus status) {
    closing = status;
    Setup s = setup;
    closeQuietly(s.upstream()); // the upstream reader ends and sends the close frame
    schedule(this::close, REVOKE_GRACE_MILLIS);
  }

  private void upstreamToBrowser() {
    Setup s = setup;
    InputStream in = s.fromUpstream();
    ServletOutputStream out = null;
    try {
      out = browser.getOutputStream();
      byte[] buffer = new byte[HttpForwarder.BUFFER];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        toBrowser.advance(buffer, 0, n);
        if (in.available() == 0) {
          out.flush();
        }
      }
      out.flush();
    } catch (IOException e) {
      log.debug("Preview socket of {}: upstream ended: {}", s.viewer().workspaceId(), e.toString());
    } finally {
      CloseStatus status = closing;
      if (status != null && out != null && toBrowser.atBoundary()) {
        try {
          out.write(closeFrame(status));
          out.flush();
        } catch (IOException e) {
          // the browser is gone as well
        }
      }
      close();
    }
  }

  private void browserToUpstream() {
    Setup s = setup;
    try {
      ServletInputStream in = browser.getInputStream();
      OutputStream out = s.upstream().output();
      byte[] buffer = new byte[HttpForwarder.BUFFER];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (n > 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      }
      s.upstream().shutdownOutput(); // the workspace's server answers by closing its side
      schedule(this::close, CLOSE_GRACE_MILLIS);
    } catch (IOException | RuntimeException e) {
      log.debug("Preview socket of {}: browser ended: {}", s.viewer().workspaceId(), e.toString());
      if (closing == null) {
        close(); // when revoked, the upstream reader closes after its close frame
      }
    }
  }

  /** Ends both connections and the bookkeeping, once. */
  private void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Setup s = setup;
    if (s != null) {
      closeQuietly(s.upstream());
    }
    WebConnection connection = browser;
    if (connection != null) {
      closeQuietly(connection);
    }
    closeQuietly(registration);
  }

  private void schedule(Runnable task, long millis) {
    try {
      setup.timer().schedule(task, millis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      task.run();
    }
  }

  /** An unmasked close frame (server to client) with the status's code and reason. */
  static byte[] closeFrame(CloseStatus status) {
    byte[] reason =
        status.getReason() == null
            ? new byte[0]
            : status.getReason().getBytes(StandardCharsets.UTF_8);
    int length = Math.min(reason.length, 123); // control frame payloads are at most 125 bytes
    byte[] frame = new byte[4 + length];
    frame[0] = (byte) 0x88;
    frame[1] = (byte) (2 + length);
    frame[2] = (byte) (status.getCode() >> 8);
    frame[3] = (byte) status.getCode();
    System.arraycopy(reason, 0, frame, 4, length);
    return frame;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      // already closed
    }
  }

  /**
   * Follows the WebSocket frame headers in a byte stream (RFC 6455 5.2) without decoding payloads,
   * to know whether the stream stands between two frames.
   */
  static final class FrameBoundaries {
    private final byte[] header = new byte[14];
    private int headerBytes;
    private long payloadLeft;

    boolean atBoundary() {
      return headerBytes == 0 && payloadLeft == 0;
    }

    void advance(byte[] bytes, int offset, int length) {
      int i = offset;
      int end = offset + length;
      while (i < end) {
        if (payloadLeft > 0) {
          int skip = (int) Math.min(payloadLeft, end - i);
          payloadLeft -= skip;
          i += skip;
          continue;
        }
        header[headerBytes++] = bytes[i++];
        if (headerBytes >= 2 && headerBytes == headerLength()) {
          payloadLeft = payloadLength();
          headerBytes = 0;
        }
      }
    }

    private int headerLength() {
      int length7 = header[1] & 0x7f;
      int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
      int mask = (header[1] & 0x80) != 0 ? 4 : 0;
      return 2 + extended + mask;
    }

    private long payloadLength() {
      int length7 = header[1] & 0x7f;
      if (length7 < 126) {
        return length7;
      }
      int bytes = length7 == 126 ? 2 : 8;
      long length = 0;
      for (int i = 0; i < bytes; i++) {
        length = (length << 8) | (header[2 + i] & 0xff);
      }
      return length & Long.MAX_VALUE;
    }
  }
}
