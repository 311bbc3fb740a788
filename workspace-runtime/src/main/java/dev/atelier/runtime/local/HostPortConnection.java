package dev.atelier.runtime.local;

import dev.atelier.runtime.spi.PortConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** A {@link PortConnection} over a TCP socket of this host. */
final class HostPortConnection implements PortConnection {

  private final Socket socket;

  HostPortConnection(Socket socket) {
    this.socket = socket;
  }

  @Override
  public InputStream input() {
    try {
      return socket.getInputStream();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public OutputStream output() {
    try {
      return socket.getOutputStream();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
