package dev.atelier.server.ports;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The status line and header fields of an HTTP/1.1 response from a workspace's server, read
 * strictly and within bounds: at most {@link #MAX_HEAD_BYTES} bytes and {@link #MAX_HEADERS}
 * fields, an {@code HTTP/1.x} status line with a three-digit code, header names that are tokens,
 * values without control characters, no obsolete line folding. Anything else is {@link Malformed}.
 *
 * @param headers the fields in the order received (names as sent)
 */
record ResponseHead(int status, List<Header> headers) {

  static final int MAX_HEAD_BYTES = 64 * 1024;
  static final int MAX_HEADERS = 100;

  /** One header field. */
  record Header(String name, String value) {}

  /** The response head broke the rules; the message says how, for the 502 problem. */
  static final class Malformed extends IOException {
    Malformed(String message) {
      super(message);
    }
  }

  /** The first value of a header (case-insensitive name), or {@code null}. */
  String first(String name) {
    for (Header header : headers) {
      if (header.name().equalsIgnoreCase(name)) {
        return header.value();
      }
    }
    return null;
  }

  /** All values of a header, in order. */
  List<String> all(String name) {
    List<String> values = new ArrayList<>();
    for (Header header : headers) {
      if (header.name().equalsIgnoreCase(name)) {
        values.add(header.value());
      }
    }
    return values;
  }

  /** Whether a comma-separated header (e.g. {@code Connection}) lists {@code token}. */
  boolean lists(String name, String token) {
    for (String value : all(name)) {
      for (String item : value.split(",")) {
        if (item.trim().equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Reads one response head from {@code in}, leaving {@code in} at the first byte of the body.
   *
   * @throws Malformed when it breaks the rules above, or the stream ends inside it
   * @throws IOException when reading fails
   */
  static ResponseHead read(InputStream in) throws IOException {
    Lines lines = new Lines(in);
    String statusLine = lines.next();
    if (statusLine == null) {
      throw new Malformed("it closed the connection without sending a response");
    }
    int status = parseStatus(statusLine);
    List<Header> headers = new ArrayList<>();
    for (String line = lines.next(); ; line = lines.next()) {
      if (line == null) {
        throw new Malformed("the connection ended inside the response head");
      }
      if (line.isEmpty()) {
        return new ResponseHead(status, List.copyOf(headers));
      }
      if (headers.size() == MAX_HEADERS) {
        throw new Malformed("the response has more than " + MAX_HEADERS + " header fields");
      }
      headers.add(parseHeader(line));
    }
  }

  private static int parseStatus(String line) throws Malformed {
    // HTTP-version SP 3DIGIT SP [reason-phrase]; some servers omit the space after the code
    boolean valid =
        line.length() >= 12
            && line.startsWith("HTTP/1.")
            && Character.isDigit(line.charAt(7))
            && line.charAt(8) == ' '
            && Character.isDigit(line.charAt(9))
            && Character.isDigit(line.charAt(10))
            && Character.isDigit(line.charAt(11))
            && (line.length() == 12 || line.charAt(12) == ' ');
    if (!valid || line.charAt(9) == '0') {
      throw new Malformed("its status line is not HTTP/1.x: '" + printable(line) + "'");
    }
    for (int i = 12; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        throw new Malformed("its status line contains control characters");
      }
    }
    return Integer.parseInt(line.substring(9, 12));
  }

  private static Header parseHeader(String line) throws Malformed {
    if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
      throw new Malformed("it folds a header over several lines (obsolete, not accepted)");
    }
    int colon = line.indexOf(':');
    if (colon <= 0) {
      throw new Malformed("a header line has no name: '" + printable(line) + "'");
    }
    String name = line.substring(0, colon);
    for (int i = 0; i < name.length(); i++) {
      if (!isTokenChar(name.charAt(i))) {
        throw new Malformed("a header name is not a token: '" + printable(name) + "'");
      }
    }
    String value = line.substring(colon + 1).strip();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        throw new Malformed("the value of header " + name + " contains control characters");
      }
    }
    return new Header(name, value);
  }

  private static boolean isTokenChar(char c) {
    return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
  }

  private static String printable(String text) {
    String cut = text.length() > 80 ? text.substring(0, 80) + "…" : text;
    StringBuilder out = new StringBuilder(cut.length());
    for (char c : cut.toCharArray()) {
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return out.toString();
  }

  /** Header lines (CRLF or a bare LF) in ISO-8859-1, counting against {@link #MAX_HEAD_BYTES}. */
  private static final class Lines {
    private final InputStream in;
    private final StringBuilder line = new StringBuilder(128);
    private int total;

    Lines(InputStream in) {
      this.in = in;
    }

    /** The next line without its end, or {@code null} at the end of the stream before a byte. */
    String next() throws IOException {
      line.setLength(0);
      boolean any = false;
      while (true) {
        int b = in.read();
        if (b < 0) {
          if (any) {
            throw new Malformed("the connection ended inside the response head");
          }
          return null;
        }
        any = true;
        if (++total > MAX_HEAD_BYTES) {
          throw new Malformed("its response head is larger than " + MAX_HEAD_BYTES / 1024 + " KiB");
        }
        if (b == '\n') {
          int end = line.length();
          if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
          }
          return line.toString();
        }
        if (b == 0) {
          throw new Malformed("its response head contains a NUL byte");
        }
        line.append((char) b);
      }
    }
  }
}
