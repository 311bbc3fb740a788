package dev.atelier.runtime.spi;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A byte stream to a TCP port inside a workspace, opened by {@link
 * WorkspaceRuntime#openPort(String, int)}: what the workspace's server sends arrives on {@link
 * #input()}, what is written to {@link #output()} reaches it. The connection is made from inside
 * the workspace (its own {@code localhost}), never by the server dialing a host address.
 *
 * <p>Both streams may be used from different threads (one reader, one writer). Closing the
 * connection ends both directions and unblocks a reader.
 */
public interface PortConnection extends Closeable {

  /** Bytes from the workspace's server; ends when it closes its side. */
  InputStream input();

  /** Bytes to the workspace's server. */
  OutputStream output();

  /** Ends the direction towards the workspace's server (like a TCP half-close); reading goes on. */
  void shutdownOutput() throws IOException;

  @Override
  void close() throws IOException;
}
