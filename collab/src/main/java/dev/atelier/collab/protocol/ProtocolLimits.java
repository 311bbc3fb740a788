package dev.atelier.collab.protocol;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;

/**
 * Upper bounds applied while decoding frames and awareness updates, so a hostile peer cannot make
 * the server allocate or work without bound.
 *
 * @param maxFrameBytes largest accepted WebSocket frame (and so the largest sync payload)
 * @param maxAwarenessClients most entries accepted in one awareness update
 * @param maxAwarenessStateBytes largest accepted awareness state (UTF-8 bytes of its JSON)
 * @param maxJsonDepth deepest nesting accepted in an awareness state's JSON
 */
public record ProtocolLimits(
    int maxFrameBytes, int maxAwarenessClients, int maxAwarenessStateBytes, int maxJsonDepth) {

  /**
   * 32 MiB frames (a first sync of a large document travels in one frame), 4096 awareness entries,
   * 64 KiB per awareness state, JSON nested at most 64 deep.
   */
  public static final ProtocolLimits DEFAULTS = new ProtocolLimits(32 << 20, 4096, 64 << 10, 64);

  public ProtocolLimits {
    if (maxFrameBytes < 16
        || maxAwarenessClients < 1
        || maxAwarenessStateBytes < 4
        || maxJsonDepth < 1) {
      throw new IllegalArgumentException(
          "protocol limits too small: frame >= 16 B, awareness clients >= 1, state >= 4 B,"
              + " JSON depth >= 1");
    }
  }

  void checkFrame(int length) {
    if (length > maxFrameBytes) {
      throw new CollabException(
          ErrorCode.LIMIT_EXCEEDED,
          "frame of " + length + " bytes exceeds the limit of " + maxFrameBytes + " bytes");
    }
  }
}
