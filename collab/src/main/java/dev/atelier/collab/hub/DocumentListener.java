package dev.atelier.collab.hub;

import java.util.function.Supplier;

/**
 * Told about every change of a room's text, for the server's file sync and language gateway. Called
 * on the thread that made the change while the room is locked, once the change is applied and
 * appended to the log (its relay may still wait for the log's sync): keep it short (debounce and
 * write files elsewhere).
 */
@FunctionalInterface
public interface DocumentListener {

  /**
   * @param room the room whose document changed
   * @param text the full new text of {@code doc.getText("content")}, built on the first call (so
   *     only listeners that need it pay for it, once per change); call it here, not later
   * @param origin the {@link Peer} that sent the update, {@link DocumentHub#ORIGIN_DISK} or {@link
   *     DocumentHub#ORIGIN_TOOL}
   */
  void documentChanged(RoomId room, Supplier<String> text, Object origin);
}
