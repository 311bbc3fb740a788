package dev.atelier.documents;

import dev.atelier.collab.hub.RoomId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What each workspace file held when its document and the file last agreed (written by the file
 * sync, or read from disk and merged). With it, a change made on disk while no one had the file
 * open is merged into the document on the next open (three-way), and after a crash the document's
 * acknowledged edits that never reached the file are written instead of being overwritten by the
 * stale file. Stored as {@code <workspace dir>/base/<sha256(path)>} holding {@code path NUL text}
 * (the path makes folders enumerable for moves and deletes), replaced atomically.
 */
final class Baselines {

  /** A stored baseline. */
  record Baseline(String path, String text) {}

  private final WorkspaceDocumentStore store;

  Baselines(WorkspaceDocumentStore store) {
    this.store = store;
  }

  private Path dir(String workspaceId) {
    return store.workspaceDir(workspaceId).resolve("base");
  }

  private Path file(RoomId room) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(room.path().getBytes(StandardCharsets.UTF_8));
      return dir(room.workspaceId()).resolve(HexFormat.of().formatHex(h));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  Optional<String> load(RoomId room) {
    try {
      return Optional.of(decode(Files.readAllBytes(file(room))).text());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sync baseline of " + room, e);
    }
  }

  void save(RoomId room, String text) {
    Path target = file(room);
    try {
      Files.createDirectories(target.getParent());
      Path temp = target.resolveSibling(target.getFileName() + ".tmp");
      byte[] path = room.path().getBytes(StandardCharsets.UTF_8);
      byte[] body = text.getBytes(StandardCharsets.UTF_8);
      byte[] all = new byte[path.length + 1 + body.length];
      System.arraycopy(path, 0, all, 0, path.length);
      System.arraycopy(body, 0, all, path.length + 1, body.length);
      Files.write(temp, all);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sync baseline of " + room, e);
    }
  }

  void delete(RoomId room) {
    try {
      Files.deleteIfExists(file(room));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the sync baseline of " + room, e);
    }
  }

  /** The paths with a baseline that are {@code path} or below it, when {@code folder}. */
  List<String> pathsAt(String workspaceId, String path, boolean folder) {
    List<String> found = new ArrayList<>();
    Path dir = dir(workspaceId);
    if (!Files.isDirectory(dir)) {
      return found;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (f.getFileName().toString().endsWith(".tmp")) {
          continue;
        }
        String p = decode(Files.readAllBytes(f)).path();
        if (p.equals(path) || (folder && p.startsWith(path + "/"))) {
          found.add(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the sync baselines of " + workspaceId, e);
    }
    return found;
  }

  private static Baseline decode(byte[] bytes) {
    int nul = 0;
    while (nul < bytes.length && bytes[nul] != 0) {
      nul++;
    }
    String path = new String(bytes, 0, nul, StandardCharsets.UTF_8);
    int from = Math.min(nul + 1, bytes.length);
    return new Baseline(path, new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8));
  }
}
