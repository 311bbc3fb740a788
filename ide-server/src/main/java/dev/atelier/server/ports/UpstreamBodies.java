package dev.atelier.server.ports;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The body of a response from a workspace's server, by its framing (RFC 9112 section 6.3): none,
 * {@code Content-Length} bytes, chunked (decoded, trailers dropped), or everything until the
 * connection ends. Framing errors are {@link ResponseHead.Malformed}; a body that ends early is an
 * {@link EOFException} (the browser's response is then cut off, never completed).
 */
final class UpstreamBodies {

  /** Longest chunk-size line (size, extensions) accepted. */
  static final int MAX_CHUNK_LINE = 4 * 1024;

  private UpstreamBodies() {}

  /** How the body of {@code head} is framed. */
  enum Framing {
    NONE,
    LENGTH,
    CHUNKED,
    UNTIL_CLOSE
  }

  static Framing framing(String method, ResponseHead head) throws ResponseHead.Malformed {
    int status = head.status();
    if (method.equals("HEAD") || status < 200 || status == 204 || status == 304) {
      return Framing.NONE;
    }
    String codings = String.join(",", head.all("Transfer-Encoding"));
    if (!codings.isBlank()) {
      String[] list = codings.split(",");
      // chunked must be the final coding; any other final coding is delimited by the close
      return list[list.length - 1].trim().equalsIgnoreCase("chunked")
          ? Framing.CHUNKED
          : Framing.UNTIL_CLOSE;
    }
    return contentLength(head) < 0 ? Framing.UNTIL_CLOSE : Framing.LENGTH;
  }

  /**
   * The {@code Content-Length} of {@code head}, {@code -1} without one.
   *
   * @throws ResponseHead.Malformed when it is not a number, or several values disagree
   */
  static long contentLength(ResponseHead head) throws ResponseHead.Malformed {
    long length = -1;
    for (String value : head.all("Content-Length")) {
      for (String item : value.split(",")) {
        String digits = item.trim();
        if (digits.isEmpty()
            || digits.length() > 18
            || !digits.chars().allMatch(Character::isDigit)) {
          throw new ResponseHead.Malformed("its Content-Length '" + value + "' is not a number");
        }
        long parsed = Long.parseLong(digits);
        if (length >= 0 && parsed != length) {
          throw new ResponseHead.Malformed("it sent several different Content-Length values");
        }
        length = parsed;
      }
    }
    return length;
  }

  /** The body of {@code head} on {@code in} as its own stream (which never closes {@code in}). */
  static InputStream body(String method, ResponseHead head, InputStream in) throws IOException {
    return switch (framing(method, head)) {
      case NONE -> InputStream.nullInputStream();
      case LENGTH -> new Fixed(in, contentLength(head));
      case CHUNKED -> new Chunked(in);
      case UNTIL_CLOSE -> new UntilClose(in);
    };
  }

  /** Exactly {@code length} bytes; an earlier end of {@code in} is an {@link EOFException}. */
  static final class Fixed extends InputStream {
    private final InputStream in;
    private long remaining;

    Fixed(InputStream in, long length) {
      this.in = in;
      this.remaining = length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining == 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n < 0) {
        throw new EOFException(remaining + " bytes of the response body never arrived");
      }
      remaining -= n;
      return n;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(in.available(), remaining);
    }
  }

  /** Everything until the connection ends. */
  static final class UntilClose extends InputStream {
    private final InputStream in;

    UntilClose(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in.read(b, off, len);
    }

    @Override
    public int available() throws IOException {
      return in.available();
    }
  }

  /** Decodes {@code Transfer-Encoding: chunked}; extensions are ignored, trailers dropped. */
  static final class Chunked extends InputStream {
    private final InputStream in;
    private long remaining; // of the current chunk
    private boolean done;

    Chunked(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (remaining == 0) {
        if (done || !nextChunk()) {
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n < 0) {
        throw new EOFException("the chunked response body ended inside a chunk");
      }
      remaining -= n;
      if (remaining == 0) {
        endOfChunk();
      }
      return n;
    }

    @Override
    public int available() throws IOException {
      return done ? 0 : (int) Math.min(in.available(), remaining);
    }

    /** Reads a chunk-size line; {@code false} after the last chunk (and its trailers). */
    private boolean nextChunk() throws IOException {
      String line = line(MAX_CHUNK_LINE, "chunk-size line");
      int end = 0;
      while (end < line.length() && Character.digit(line.charAt(end), 16) >= 0) {
        end++;
      }
      if (end == 0 || end > 15) {
        throw new ResponseHead.Malformed(
            "its chunked body has an invalid chunk size '"
                + (line.length() > 40 ? line.substring(0, 40) : line)
                + "'");
      }
      String rest = line.substring(end).stripLeading();
      if (!rest.isEmpty() && rest.charAt(0) != ';') {
        throw new ResponseHead.Malformed("its chunked body has an invalid chunk-size line");
      }
      remaining = Long.parseLong(line.substring(0, end), 16);
      if (remaining == 0) {
        int size = 0;
        for (int fields = 0; ; fields++) {
          String trailer = line(ResponseHead.MAX_HEAD_BYTES, "trailer");
          size += trailer.length();
          if (trailer.isEmpty()) {
            break;
          }
          if (fields == ResponseHead.MAX_HEADERS || size > ResponseHead.MAX_HEAD_BYTES) {
            throw new ResponseHead.Malformed("its chunked body has too many trailer fields");
          }
        }
        done = true;
        return false;
      }
      return true;
    }

    private void endOfChunk() throws IOException {
      if (!line(2, "chunk end").isEmpty()) {
        throw new ResponseHead.Malformed("a chunk of its chunked body is longer than its size");
      }
    }

    /** One line (CRLF or LF) of at most {@code max} bytes. */
    private String line(int max, String what) throws IOException {
      StringBuilder out = new StringBuilder();
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new EOFException("the chunked response body ended inside a " + what);
        }
        if (b == '\n') {
          int end = out.length();
          if (end > 0 && out.charAt(end - 1) == '\r') {
            out.setLength(end - 1);
          }
          return out.toString();
        }
        if (out.length() >= max) {
          throw new ResponseHead.Malformed(
              "its chunked body has a " + what + " longer than " + max + " bytes");
        }
        out.append((char) b);
      }
    }
  }
}
