package dev.atelier.server.ports;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A raw HTTP/1.1 server on loopback that a test drives byte by byte: it accepts one connection at a
 * time and lets the test read the request head and write whatever response it wants, valid or not.
 */
final class RawUpstream implements Closeable {

  private final ServerSocket server;

  RawUpstream() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    server.setSoTimeout(30_000);
  }

  int port() {
    return server.getLocalPort();
  }

  /** The next connection (waits up to 30 s). */
  Connection accept() throws IOException {
    Socket socket = server.accept();
    socket.setSoTimeout(30_000);
    return new Connection(socket);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  /** One accepted connection. */
  static final class Connection implements Closeable {
    final Socket socket;
    final InputStream in;
    final OutputStream out;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    }

    /** The request head up to and including the empty line, as text. */
    String readHead() throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("the request head ended early: " + head);
        }
        head.write(b);
        matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** A header value of a head read by {@link #readHead}, or {@code null}. */
    static String header(String head, String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }

    /** A chunked request body, decoded, passed to {@code sink} piece by piece. */
    void readChunked(Sink sink) throws IOException {
      while (true) {
        String sizeLine = line();
        int size = Integer.parseInt(sizeLine.split(";")[0].trim().toLowerCase(Locale.ROOT), 16);
        if (size == 0) {
          while (!line().isEmpty()) {
            // trailers
          }
          return;
        }
        byte[] data = in.readNBytes(size);
        if (data.length < size) {
          throw new IOException("chunk ended early");
        }
        sink.accept(data);
        line();
      }
    }

    interface Sink {
      void accept(byte[] data) throws IOException;
    }

    private String line() throws IOException {
      StringBuilder out = new StringBuilder();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("line ended early");
        }
        if (b != '\r') {
          out.append((char) b);
        }
      }
      return out.toString();
    }

    void write(String text) throws IOException {
      out.write(text.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
