package dev.atelier.server.sockets;

import dev.atelier.server.workspace.WorkspaceRole;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the framework serves one endpoint.
 *
 * @param kind names the endpoint in the {@code atelier.sockets.open{kind}} gauge and in logs
 * @param paths URL patterns the endpoint is registered under (Spring's ant-style patterns)
 * @param minimumRole the role the user needs in the workspace the path names; null for an endpoint
 *     that belongs to the user, not to a workspace ({@code /api/events})
 * @param maxMessageBytes largest incoming message (fragments assembled; text counted in chars);
 *     larger: 1009
 * @param outbound how frames are sent to the client
 * @param sendTimeLimit a send still not written after this closes the socket (slow consumer)
 */
public record SocketSpec(
    String kind,
    List<String> paths,
    WorkspaceRole minimumRole,
    long maxMessageBytes,
    Outbound outbound,
    Duration sendTimeLimit) {

  /** What every endpoint of the server allows a client to leave a send unread. */
  public static final Duration DEFAULT_SEND_TIME_LIMIT = Duration.ofSeconds(10);

  public SocketSpec {
    Objects.requireNonNull(kind, "kind");
    paths = List.copyOf(paths);
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("an endpoint needs at least one path");
    }
    if (maxMessageBytes <= 0) {
      throw new IllegalArgumentException("maxMessageBytes must be positive");
    }
    Objects.requireNonNull(outbound, "outbound");
    if (sendTimeLimit == null || sendTimeLimit.isNegative() || sendTimeLimit.isZero()) {
      throw new IllegalArgumentException("sendTimeLimit must be positive");
    }
  }

  /** An endpoint with the default send-time limit. */
  public static SocketSpec of(
      String kind, String path, WorkspaceRole minimumRole, long maxMessageBytes, Outbound out) {
    return new SocketSpec(
        kind, List.of(path), minimumRole, maxMessageBytes, out, DEFAULT_SEND_TIME_LIMIT);
  }

  /**
   * How frames reach the client. Both never let a caller wait for a client: {@link #buffered} sends
   * on the caller's thread when the socket is idle and queues behind a send in progress (Spring's
   * {@code ConcurrentWebSocketSessionDecorator}); {@link #queued} always queues and writes
   * asynchronously on the socket's I/O thread, and may merge queued frames ({@link Coalescer}), for
   * endpoints whose callers hold locks while they send (the collaboration hub).
   *
   * @param bufferBytes unsent bytes allowed before the client counts as too slow
   * @param async whether frames are written asynchronously from the socket's I/O thread
   * @param coalescer merges queued frames (async only), or null
   */
  public record Outbound(int bufferBytes, boolean async, Coalescer coalescer) {

    public Outbound {
      if (bufferBytes <= 0) {
        throw new IllegalArgumentException("bufferBytes must be positive");
      }
    }

    public static Outbound buffered(int bufferBytes) {
      return new Outbound(bufferBytes, false, null);
    }

    public static Outbound queued(int bufferBytes, Coalescer coalescer) {
      return new Outbound(bufferBytes, true, coalescer);
    }
  }

  /** Merges binary frames queued for a client that falls behind into fewer frames. */
  public interface Coalescer {

    /** Whether {@code frame} may be merged with the mergeable frames right behind it. */
    boolean mergeable(byte[] frame);

    /** One frame equivalent to {@code frames}, in order. */
    byte[] merge(List<byte[]> frames);
  }
}
