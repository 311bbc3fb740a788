package dev.atelier.collab.hub;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A store that hands everything to a {@link FileDocumentStore} in {@code dir}; tests subclass it to
 * watch or break one operation.
 */
class DelegatingStore implements DocumentStore {
  final FileDocumentStore files;

  DelegatingStore(Path dir) {
    this(new FileDocumentStore(dir));
  }

  DelegatingStore(FileDocumentStore files) {
    this.files = files;
  }

  @Override
  public Optional<StoredDocument> load(RoomId room) {
    return files.load(room);
  }

  @Override
  public void append(RoomId room, byte[] update) {
    files.append(room, update);
  }

  @Override
  public void force(RoomId room) {
    files.force(room);
  }

  @Override
  public void compact(RoomId room, byte[] snapshot, int replaced) {
    files.compact(room, snapshot, replaced);
  }

  @Override
  public void delete(RoomId room) {
    files.delete(room);
  }

  @Override
  public void move(RoomId from, RoomId to) {
    files.move(from, to);
  }

  @Override
  public void release(RoomId room) {
    files.release(room);
  }

  @Override
  public void close() {
    files.close();
  }
}
