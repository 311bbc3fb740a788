package dev.atelier.collab.protocol;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.crdt.Doc;
import dev.atelier.collab.crdt.Updates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The y-protocols sync exchange against a {@link Doc}. On connect both sides send {@link
 * #step1(Doc)}; a step 1 is answered with a step 2 holding what the sender lacks; step 2 and update
 * messages are applied to the document. Stateless: one call per received message.
 */
public final class SyncProtocol {

  private SyncProtocol() {}

  /** The step 1 to send when a connection opens: our state vector. */
  public static SyncMessage step1(Doc doc) {
    return SyncMessage.step1(Updates.encodeStateVector(doc));
  }

  /** The message that relays a document update (from {@code Doc.onUpdate}) to a peer. */
  public static SyncMessage update(byte[] update) {
    return SyncMessage.update(update);
  }

  /**
   * Whether {@code frame} is an encoded y-websocket frame holding a sync "update" message — the
   * frames {@link #mergeUpdateFrames} can merge. Reads two bytes, never throws.
   */
  public static boolean isUpdateFrame(byte[] frame) {
    // Both varuints (frame type 0 = sync, sync type 2 = update) are one byte each.
    return frame.length > 2 && frame[0] == 0 && frame[1] == 2;
  }

  /**
   * One update frame with the effect of {@code frames} (each an {@link #isUpdateFrame} frame)
   * applied in order: for a peer that fell behind, one message instead of many. Updates commute, so
   * the merged update leaves the peer's document exactly as the separate ones would.
   *
   * @throws CollabException when a frame is malformed
   */
  public static byte[] mergeUpdateFrames(List<byte[]> frames) {
    if (frames.size() == 1) {
      return frames.get(0);
    }
    List<byte[]> updates = new ArrayList<>(frames.size());
    for (byte[] f : frames) {
      if (!(Frame.decode(f) instanceof Frame.Sync s)
          || s.message().type() != SyncMessage.Type.UPDATE) {
        throw new IllegalArgumentException("not an update frame");
      }
      updates.add(s.message().payload());
    }
    return Frame.sync(update(Updates.mergeUpdates(updates))).encode();
  }

  /**
   * Handles one received sync message.
   *
   * @param origin the transaction origin for applied updates (typically the connection), so the
   *     caller's update listener can avoid echoing an update back to its sender
   * @return the reply to send: a step 2 for a step 1, nothing otherwise
   * @throws CollabException for a malformed state vector or update; the document is unchanged
   */
  public static Optional<SyncMessage> handle(Doc doc, SyncMessage message, Object origin) {
    return handle(doc, message, origin, false);
  }

  /**
   * Like {@link #handle(Doc, SyncMessage, Object)}, but for a read-only peer step 2 and update
   * messages are dropped without touching the document (y-protocols' read-only rule: a read-only
   * client still answers our step 1 with a step 2, which is simply ignored).
   */
  public static Optional<SyncMessage> handle(
      Doc doc, SyncMessage message, Object origin, boolean readOnly) {
    switch (message.type()) {
      case STEP1 -> {
        return Optional.of(SyncMessage.step2(Updates.encodeStateAsUpdate(doc, message.payload())));
      }
      case STEP2, UPDATE -> {
        if (!readOnly) {
          Updates.applyUpdate(doc, message.payload(), origin);
        }
        return Optional.empty();
      }
      default -> throw new IllegalStateException("unreachable: " + message.type());
    }
  }
}
