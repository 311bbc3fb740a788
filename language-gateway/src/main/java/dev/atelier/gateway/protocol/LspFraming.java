package dev.atelier.gateway.protocol;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The base protocol's framing on a byte stream: {@code Content-Length: n\r\n\r\n} followed by n
 * bytes of UTF-8 JSON. Other headers ({@code Content-Type}) are read and ignored; only UTF-8 is
 * supported, as every language server in use emits it.
 */
public final class LspFraming {

  /** Refuses absurd lengths instead of allocating them (a confused server writing garbage). */
  public static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

  private static final byte[] HEADER_PREFIX =
      "Content-Length: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEADER_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private LspFraming() {}

  /** Encodes one message with its header, ready to write in a single call. */
  public static byte[] frame(String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    byte[] length = Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[HEADER_PREFIX.length + length.length + HEADER_END.length + body.length];
    int at = 0;
    System.arraycopy(HEADER_PREFIX, 0, out, at, HEADER_PREFIX.length);
    at += HEADER_PREFIX.length;
    System.arraycopy(length, 0, out, at, length.length);
    at += length.length;
    System.arraycopy(HEADER_END, 0, out, at, HEADER_END.length);
    at += HEADER_END.length;
    System.arraycopy(body, 0, out, at, body.length);
    return out;
  }

  /** Writes one framed message and flushes. */
  public static void write(OutputStream out, String json) throws IOException {
    out.write(frame(json));
    out.flush();
  }

  /** Reads framed messages from a stream. Not thread-safe: one reader thread per stream. */
  public static final class Reader {
    private final InputStream in;
    private final StringBuilder line = new StringBuilder();

    public Reader(InputStream in) {
      this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 64 * 1024);
    }

    /**
     * The next message's JSON text, or {@code null} at the end of the stream.
     *
     * @throws IOException on a read error or a malformed header (the stream cannot be
     *     resynchronised)
     */
    public String next() throws IOException {
      int length = -1;
      boolean sawHeader = false;
      while (true) {
        String header = readLine();
        if (header == null) {
          if (sawHeader) {
            throw new EOFException("stream ended inside a message header");
          }
          return null;
        }
        if (header.isEmpty()) {
          if (!sawHeader) {
            continue; // tolerate blank lines between messages
          }
          break;
        }
        sawHeader = true;
        int colon = header.indexOf(':');
        if (colon <= 0) {
          throw new IOException("malformed header line: " + abbreviate(header));
        }
        String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        if (name.equals("content-length")) {
          try {
            length = Integer.parseInt(header.substring(colon + 1).trim());
          } catch (NumberFormatException e) {
            throw new IOException("malformed Content-Length: " + abbreviate(header), e);
          }
        }
      }
      if (length < 0 || length > MAX_MESSAGE_BYTES) {
        throw new IOException("missing or invalid Content-Length: " + length);
      }
      byte[] body = in.readNBytes(length);
      if (body.length < length) {
        throw new EOFException("stream ended inside a message body");
      }
      return new String(body, StandardCharsets.UTF_8);
    }

    /** A header line without its CR LF, or null at the end of the stream before any byte. */
    private String readLine() throws IOException {
      line.setLength(0);
      while (true) {
        int b = in.read();
        if (b < 0) {
          return line.length() == 0 ? null : line.toString();
        }
        if (b == '\n') {
          int end = line.length();
          if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
          }
          return line.toString();
        }
        if (line.length() > 8192) {
          throw new IOException("header line too long (not an LSP stream?)");
        }
        line.append((char) b);
      }
    }

    private static String abbreviate(String text) {
      return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
  }
}
