package dev.atelier.gateway;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An in-memory pipe: what is written to {@link #out()} is read from {@link #in()}; close ends it.
 */
public final class BytePipe {

  private static final byte[] EOF = new byte[0];
  private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
  private volatile boolean closed;

  private final InputStream in =
      new InputStream() {
        private byte[] current = new byte[0];
        private int at;
        private boolean ended;

        @Override
        public int read() {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
          if (len == 0) {
            return 0;
          }
          while (at >= current.length) {
            if (ended) {
              return -1;
            }
            try {
              current = chunks.take();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return -1;
            }
            at = 0;
            if (current == EOF) {
              ended = true;
              current = new byte[0];
              return -1;
            }
          }
          int n = Math.min(len, current.length - at);
          System.arraycopy(current, at, b, off, n);
          at += n;
          return n;
        }

        @Override
        public void close() {
          BytePipe.this.close();
        }
      };

  private final OutputStream out =
      new OutputStream() {
        @Override
        public void write(int b) throws java.io.IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
          if (closed) {
            throw new java.io.IOException("pipe closed");
          }
          chunks.add(Arrays.copyOfRange(b, off, off + len));
        }

        @Override
        public void close() {
          BytePipe.this.close();
        }
      };

  public InputStream in() {
    return in;
  }

  public OutputStream out() {
    return out;
  }

  public void close() {
    if (!closed) {
      closed = true;
      chunks.add(EOF);
    }
  }
}
