package dev.atelier.collab.hub;

import dev.atelier.collab.crdt.Updates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * A {@link DocumentStore} in one directory. Each room has {@code <key>.snap} (the snapshot, a v1
 * update) and {@code <key>.log}, an append-only sequence of records {@code int length, int crc32,
 * length bytes} (big-endian); {@code key} is the hex SHA-256 of the room id, so no room id can name
 * a path outside the directory.
 *
 * <p>Durability: {@link #append} writes one record (into the operating system's cache; a failed
 * write is truncated away so the log stays parseable); {@link #force} syncs the log file ({@code
 * fdatasync}) without holding the room's lock, so appends go on while the disk works and the next
 * force covers all of them. On {@link #load}, a torn or corrupt record (a crash mid-write) and
 * everything after it are truncated and ignored — the load never fails for that.
 *
 * <p>Compaction is crash-safe by ordering: (1) write {@code .snap.tmp}, force, atomically rename it
 * over {@code .snap}, force the directory; (2) write the surviving log records to {@code .log.tmp},
 * force, rename it over {@code .log}, force the directory. A crash after (1) leaves the new
 * snapshot with the old full log; replaying entries already contained in the snapshot changes
 * nothing.
 *
 * <p>One instance per directory and process: a second instance could take a record being written by
 * the first for a torn tail and truncate it.
 */
public final class FileDocumentStore implements DocumentStore {
  private static final int HEADER = 8;

  private final Path dir;
  // One lock object (and open log channel) per room; serialises append, compact and load. Keyed by
  // the room itself (distinct rooms have distinct file keys), so an append never hashes its id.
  private final ConcurrentHashMap<RoomId, RoomFiles> rooms = new ConcurrentHashMap<>();

  private static final class RoomFiles {
    FileChannel log;
  }

  /** Uses (and creates) {@code dir}. */
  public FileDocumentStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the document store directory " + dir, e);
    }
  }

  /** The file-name stem for {@code room}: hex SHA-256 of its length-prefixed parts. */
  static String key(RoomId room) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      String id = room.workspaceId().length() + ":" + room.workspaceId() + "/" + room.path();
      return HexFormat.of().formatHex(sha.digest(id.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  Path snapshotFile(RoomId room) {
    return dir.resolve(key(room) + ".snap");
  }

  Path logFile(RoomId room) {
    return dir.resolve(key(room) + ".log");
  }

  private RoomFiles files(RoomId room) {
    return rooms.computeIfAbsent(room, r -> new RoomFiles());
  }

  @Override
  public Optional<StoredDocument> load(RoomId room) {
    RoomFiles f = files(room);
    synchronized (f) {
      try {
        Path snap = snapshotFile(room);
        byte[] snapshot = Files.exists(snap) ? Files.readAllBytes(snap) : new byte[0];
        List<byte[]> log = readLog(logFile(room), true);
        if (snapshot.length == 0 && log.isEmpty()) {
          return Optional.empty();
        }
        return Optional.of(new StoredDocument(snapshot, log));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load room " + room + " from " + dir, e);
      }
    }
  }

  /**
   * Reads the valid records; with {@code repair}, truncates the file after the last one and syncs
   * it.
   */
  private static List<byte[]> readLog(Path file, boolean repair) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new ArrayList<>();
    }
    List<byte[]> records = new ArrayList<>();
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    int valid = 0;
    while (buf.remaining() >= HEADER) {
      int length = buf.getInt();
      int crc = buf.getInt();
      if (length < 0 || length > buf.remaining()) {
        break;
      }
      byte[] record = new byte[length];
      buf.get(record);
      if (crc32(record) != crc) {
        break;
      }
      records.add(record);
      valid = buf.position();
    }
    if (repair && bytes.length > 0) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        if (valid < bytes.length) {
          ch.truncate(valid);
        }
        // A crashed process may have appended records it never synced; they are served from now on.
        ch.force(true);
      }
    }
    return records;
  }

  private static int crc32(byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(data);
    return (int) crc.getValue();
  }

  private static ByteBuffer record(byte[] update) {
    ByteBuffer buf = ByteBuffer.allocate(HEADER + update.length);
    buf.putInt(update.length).putInt(crc32(update)).put(update).flip();
    return buf;
  }

  @Override
  public void append(RoomId room, byte[] update) {
    RoomFiles f = files(room);
    synchronized (f) {
      long before = -1;
      try {
        if (f.log == null) {
          f.log =
              FileChannel.open(
                  logFile(room),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE,
                  StandardOpenOption.APPEND);
        }
        before = f.log.size();
        ByteBuffer buf = record(update);
        while (buf.hasRemaining()) {
          f.log.write(buf);
        }
      } catch (IOException e) {
        // Cut a partial record off, so that later appends do not follow garbage.
        abandonChannel(f, before);
        throw new UncheckedIOException("cannot append to the log of room " + room, e);
      }
    }
  }

  /**
   * Syncs the room's log. A channel closed meanwhile was closed by a compaction, move or release,
   * each of which made its records durable first (a forced rewrite), or by a failed append, which
   * fails the room anyway: so a closed channel means there is nothing left to force.
   */
  @Override
  public void force(RoomId room) {
    FileChannel log;
    RoomFiles f = files(room);
    synchronized (f) {
      log = f.log;
    }
    if (log == null) {
      return;
    }
    try {
      log.force(false);
    } catch (ClosedByInterruptException e) {
      // Our own interrupt closed it: nothing says the records reached the disk.
      throw new UncheckedIOException("interrupted while syncing the log of room " + room, e);
    } catch (ClosedChannelException closed) {
      // See above: its records were made durable by whoever closed it.
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync the log of room " + room, e);
    }
  }

  private static void abandonChannel(RoomFiles f, long truncateTo) {
    if (f.log == null) {
      return;
    }
    try (FileChannel ch = f.log) {
      if (truncateTo >= 0) {
        ch.truncate(truncateTo);
      }
    } catch (IOException suppressed) {
      // The load repairs a torn tail anyway; the append's own exception is what gets reported.
    }
    f.log = null;
  }

  @Override
  public void compact(RoomId room, byte[] snapshot, int replacedLogEntries) {
    RoomFiles f = files(room);
    synchronized (f) {
      try {
        List<byte[]> log = readLog(logFile(room), false);
        if (replacedLogEntries < 0 || replacedLogEntries > log.size()) {
          throw new IllegalArgumentException(
              "cannot replace "
                  + replacedLogEntries
                  + " log entries of room "
                  + room
                  + ": the log holds "
                  + log.size());
        }
        writeAtomically(snapshotFile(room), List.of(ByteBuffer.wrap(snapshot)));
        List<ByteBuffer> rest = new ArrayList<>();
        for (byte[] r : log.subList(replacedLogEntries, log.size())) {
          rest.add(record(r));
        }
        abandonChannel(f, -1);
        writeAtomically(logFile(room), rest);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot compact room " + room, e);
      }
    }
  }

  private void writeAtomically(Path target, List<ByteBuffer> content) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      for (ByteBuffer b : content) {
        while (b.hasRemaining()) {
          ch.write(b);
        }
      }
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    forceDirectory();
  }

  /** Makes renames durable (POSIX needs the directory synced; other systems refuse it). */
  private void forceDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException unsupported) {
      // Windows cannot open a directory as a channel; its renames are durable without it.
    }
  }

  @Override
  public void delete(RoomId room) {
    RoomFiles f = files(room);
    synchronized (f) {
      abandonChannel(f, -1);
      try {
        for (Path p : List.of(snapshotFile(room), logFile(room))) {
          Files.deleteIfExists(p);
          Files.deleteIfExists(p.resolveSibling(p.getFileName() + ".tmp"));
        }
        forceDirectory();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete room " + room, e);
      }
    }
  }

  @Override
  public void move(RoomId from, RoomId to) {
    if (from.equals(to)) {
      return;
    }
    RoomFiles a = files(from);
    RoomFiles b = files(to);
    // A fixed order (by key) so two concurrent moves cannot deadlock.
    boolean fromFirst = key(from).compareTo(key(to)) < 0;
    synchronized (fromFirst ? a : b) {
      synchronized (fromFirst ? b : a) {
        abandonChannel(a, -1);
        abandonChannel(b, -1);
        try {
          Files.deleteIfExists(snapshotFile(to));
          Files.deleteIfExists(logFile(to));
          // Fold the log into the snapshot first, so the move is one atomic rename of one file:
          // a crash can never leave the room split between the two names.
          List<byte[]> log = readLog(logFile(from), false);
          if (!log.isEmpty()) {
            List<byte[]> all = new ArrayList<>();
            if (Files.exists(snapshotFile(from))) {
              all.add(Files.readAllBytes(snapshotFile(from)));
            }
            all.addAll(log);
            writeAtomically(
                snapshotFile(from), List.of(ByteBuffer.wrap(Updates.mergeUpdates(all))));
          }
          Files.deleteIfExists(logFile(from));
          if (Files.exists(snapshotFile(from))) {
            Files.move(snapshotFile(from), snapshotFile(to), StandardCopyOption.ATOMIC_MOVE);
          }
          forceDirectory();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot move room " + from + " to " + to, e);
        }
      }
    }
  }

  @Override
  public void release(RoomId room) {
    RoomFiles f = rooms.get(room);
    if (f != null) {
      synchronized (f) {
        abandonChannel(f, -1);
      }
    }
  }

  @Override
  public void close() {
    for (RoomFiles f : rooms.values()) {
      synchronized (f) {
        abandonChannel(f, -1);
      }
    }
  }
}
