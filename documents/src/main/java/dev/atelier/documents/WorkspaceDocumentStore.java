package dev.atelier.documents;

import dev.atelier.collab.hub.DocumentStore;
import dev.atelier.collab.hub.FileDocumentStore;
import dev.atelier.collab.hub.RoomId;
import dev.atelier.collab.hub.StoredDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link FileDocumentStore} per workspace, under {@code <dir>/<workspaceId>/rooms}, so that
 * deleting a workspace deletes every document it ever had without knowing their names. The
 * workspace folder also holds the file sync's baselines ({@link #workspaceDir}).
 */
public final class WorkspaceDocumentStore implements DocumentStore {

  private final Path dir;
  private final ConcurrentHashMap<String, FileDocumentStore> stores = new ConcurrentHashMap<>();

  public WorkspaceDocumentStore(Path dir) {
    this.dir = dir;
  }

  /** The folder of everything collab keeps for a workspace. */
  Path workspaceDir(String workspaceId) {
    return dir.resolve(workspaceId);
  }

  private FileDocumentStore store(RoomId room) {
    return stores.computeIfAbsent(
        room.workspaceId(), ws -> new FileDocumentStore(workspaceDir(ws).resolve("rooms")));
  }

  @Override
  public Optional<StoredDocument> load(RoomId room) {
    return store(room).load(room);
  }

  @Override
  public void append(RoomId room, byte[] update) {
    store(room).append(room, update);
  }

  @Override
  public void force(RoomId room) {
    store(room).force(room);
  }

  @Override
  public void compact(RoomId room, byte[] snapshot, int replacedLogEntries) {
    store(room).compact(room, snapshot, replacedLogEntries);
  }

  @Override
  public void delete(RoomId room) {
    store(room).delete(room);
  }

  @Override
  public void move(RoomId from, RoomId to) {
    if (!from.workspaceId().equals(to.workspaceId())) {
      throw new IllegalArgumentException("documents cannot move between workspaces");
    }
    store(from).move(from, to);
  }

  @Override
  public void release(RoomId room) {
    FileDocumentStore store = stores.get(room.workspaceId());
    if (store != null) {
      store.release(room);
    }
  }

  /**
   * Deletes everything stored for a workspace. The caller has closed the workspace's rooms first.
   */
  public void deleteWorkspace(String workspaceId) {
    FileDocumentStore store = stores.remove(workspaceId);
    if (store != null) {
      store.close();
    }
    Path root = workspaceDir(workspaceId);
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the documents of workspace " + workspaceId, e);
    }
  }

  @Override
  public void close() {
    stores.values().forEach(FileDocumentStore::close);
    stores.clear();
  }
}
