package dev.atelier.documents;

import dev.atelier.collab.hub.DocumentStore;
import dev.atelier.collab.hub.RoomId;
import dev.atelier.collab.hub.StoredDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps presence rooms in memory only: their content (the lecture-mode {@code session} map) is
 * about who is connected right now and means nothing after a restart.
 */
public final class MemoryDocumentStore implements DocumentStore {

  private record Stored(byte[] snapshot, List<byte[]> log) {}

  private final ConcurrentHashMap<RoomId, Stored> rooms = new ConcurrentHashMap<>();

  @Override
  public Optional<StoredDocument> load(RoomId room) {
    Stored s = rooms.get(room);
    return s == null
        ? Optional.empty()
        : Optional.of(new StoredDocument(s.snapshot(), List.copyOf(s.log())));
  }

  @Override
  public void append(RoomId room, byte[] update) {
    rooms.compute(
        room,
        (id, s) -> {
          List<byte[]> log = new ArrayList<>(s == null ? List.of() : s.log());
          log.add(update);
          return new Stored(s == null ? new byte[0] : s.snapshot(), log);
        });
  }

  /** Nothing to sync: presence rooms are not kept across restarts. */
  @Override
  public void force(RoomId room) {}

  @Override
  public void compact(RoomId room, byte[] snapshot, int replacedLogEntries) {
    rooms.computeIfPresent(
        room,
        (id, s) ->
            new Stored(
                snapshot, new ArrayList<>(s.log().subList(replacedLogEntries, s.log().size()))));
  }

  @Override
  public void delete(RoomId room) {
    rooms.remove(room);
  }

  @Override
  public void move(RoomId from, RoomId to) {
    Stored s = rooms.remove(from);
    if (s != null) {
      rooms.put(to, s);
    } else {
      rooms.remove(to);
    }
  }
}
