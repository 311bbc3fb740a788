package dev.atelier.collab.hub;

/**
 * Told about every change of a room's text, for the server's file sync and language gateway. Called
 * on the thread that made the change while the room is locked, after the change was made durable
 * and broadcast: keep it short (debounce and write files elsewhere).
 */
@FunctionalInterface
public interface DocumentListener {

  /**
   * @param room the room whose document changed
   * @param text the full new text of {@code doc.getText("content")}
   * @param origin the {@link Peer} that sent the update, or {@link DocumentHub#ORIGIN_DISK}
   */
  void documentChanged(RoomId room, String text, Object origin);
}
