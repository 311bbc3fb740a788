package dev.atelier.collab.hub;

import dev.atelier.collab.crdt.Updates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * A {@link DocumentStore} in one directory. A room's log is a sequence of <em>segments</em>, files
 * of records {@code int length, int crc32, length bytes} (big-endian): {@code <key>.log} is segment
 * 0, {@code <key>.<n>.log} segment {@code n}. Its snapshot, {@code <key>.snapshot}, starts with a
 * header naming the <em>cut</em> (a segment and a byte offset in it): the snapshot contains every
 * record before the cut, and the log is the records from the cut on, segment by segment. {@code
 * key} is the hex SHA-256 of the room id, so no room id can name a path outside the directory.
 *
 * <p>Durability: {@link #append} writes one record to the newest segment (into the operating
 * system's cache; a failed write is truncated away so the segment stays parseable); {@link #force}
 * syncs the segments written since the last force ({@code fdatasync}), and the directory when a
 * segment was created, without holding the room's lock, so appends go on while the disk works and
 * the next force covers all of them. On {@link #load}, a torn or corrupt record (a crash mid-write)
 * and everything after it are truncated and ignored — the load never fails for that.
 *
 * <p>Compaction never blocks appends on the disk. Under the room's lock it only starts a new
 * segment for later appends; then, without the lock, it writes the new snapshot (with its cut) to
 * {@code .snapshot.tmp} and syncs it; under the lock again it renames it over {@code .snapshot};
 * then it syncs the directory and deletes the segments wholly before the cut. A crash at any point
 * leaves either the old snapshot with every segment it needs or the new one with every segment it
 * needs; a load deletes segments left behind before the cut.
 *
 * <p>The layout of earlier versions ({@code <key>.snap}, a snapshot without a header, and {@code
 * <key>.log}) is read as a snapshot cut at the start of segment 0; the first compaction replaces
 * it.
 *
 * <p>One instance per directory and process: a second instance could take a record being written by
 * the first for a torn tail and truncate it.
 */
public final class FileDocumentStore implements DocumentStore {
  private static final int HEADER = 8;
  private static final int SNAPSHOT_MAGIC = 0x41534e31; // "ASN1"
  private static final int SNAPSHOT_HEADER = 4 + 8 + 8;

  private final Path dir;
  private final Opener opener;
  private final ConcurrentHashMap<RoomId, RoomFiles> rooms = new ConcurrentHashMap<>();

  /**
   * One room's files. The monitor of this object guards the fields and serialises appends with the
   * short steps of the other operations; {@link #rewrite} serialises compactions, moves and
   * deletes, which do their disk work holding only it.
   */
  private static final class RoomFiles {
    final Object rewrite = new Object();
    boolean known;
    long cutSegment;
    long cutOffset;
    long segment;
    FileChannel log;
    // Segments appends have moved on from, whose records a force has not yet covered.
    final TreeMap<Long, FileChannel> retired = new TreeMap<>();
    // How many segment files were created, and how many of them have a durable directory entry (a
    // count, not a segment number: numbers start over after a delete or move).
    long created;
    long createdDurable;
  }

  /** Where a room's log starts: the first {@code offset} bytes of {@code segment} are snapshot. */
  private record Cut(long segment, long offset) {}

  private record Snapshot(Cut cut, byte[] content) {}

  /** Opens the files and the directory; tests substitute one to watch or break the syncs. */
  interface Opener {
    FileChannel open(Path file, OpenOption... options) throws IOException;
  }

  /** Uses (and creates) {@code dir}. */
  public FileDocumentStore(Path dir) {
    this(dir, FileChannel::open);
  }

  FileDocumentStore(Path dir, Opener opener) {
    this.dir = dir;
    this.opener = opener;
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
    return dir.resolve(key(room) + ".snapshot");
  }

  private Path legacySnapshotFile(RoomId room) {
    return dir.resolve(key(room) + ".snap");
  }

  /** Segment 0 of the room's log (the only one until the first compaction). */
  Path logFile(RoomId room) {
    return segmentFile(room, 0);
  }

  Path segmentFile(RoomId room, long segment) {
    return dir.resolve(key(room) + (segment == 0 ? "" : "." + segment) + ".log");
  }

  /** The segments of the room present on disk, by number. */
  private TreeMap<Long, Path> segments(RoomId room) throws IOException {
    String stem = key(room) + ".";
    TreeMap<Long, Path> found = new TreeMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, stem + "*log")) {
      for (Path p : files) {
        String name = p.getFileName().toString();
        String middle = name.substring(stem.length(), name.length() - "log".length());
        if (middle.isEmpty()) {
          found.put(0L, p);
        } else if (middle.matches("[1-9][0-9]{0,17}\\.")) {
          found.put(Long.parseLong(middle.substring(0, middle.length() - 1)), p);
        }
      }
    }
    return found;
  }

  private RoomFiles files(RoomId room) {
    return rooms.computeIfAbsent(room, r -> new RoomFiles());
  }

  private Snapshot readSnapshot(RoomId room) throws IOException {
    try {
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(snapshotFile(room)));
      if (b.remaining() < SNAPSHOT_HEADER || b.getInt() != SNAPSHOT_MAGIC) {
        throw new IOException(
            "the snapshot "
                + snapshotFile(room)
                + " has no valid header: it was not written by this store (snapshots are synced"
                + " before they are renamed into place, so a crash cannot cause this)");
      }
      Cut cut = new Cut(b.getLong(), b.getLong());
      byte[] content = new byte[b.remaining()];
      b.get(content);
      return new Snapshot(cut, content);
    } catch (NoSuchFileException e) {
      try {
        return new Snapshot(new Cut(0, 0), Files.readAllBytes(legacySnapshotFile(room)));
      } catch (NoSuchFileException none) {
        return new Snapshot(new Cut(0, 0), new byte[0]);
      }
    }
  }

  @Override
  public Optional<StoredDocument> load(RoomId room) {
    RoomFiles f = files(room);
    synchronized (f.rewrite) {
      synchronized (f) {
        return loadLocked(room, f);
      }
    }
  }

  private Optional<StoredDocument> loadLocked(RoomId room, RoomFiles f) {
    try {
      Snapshot snap = readSnapshot(room);
      List<byte[]> log = readSegments(room, f, snap.cut());
      if (snap.content().length == 0 && log.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new StoredDocument(snap.content(), log));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load room " + room + " from " + dir, e);
    }
  }

  /**
   * Reads (and repairs) the layout once, so that appends know their segment: for a room appended to
   * without a load. Holding {@code f}.
   */
  private void know(RoomId room, RoomFiles f) throws IOException {
    if (!f.known) {
      readSegments(room, f, readSnapshot(room).cut());
    }
  }

  /**
   * Reads the valid records from {@code cut} on, repairs the log and records its layout in {@code
   * f}: deletes segments before the cut (left by a crash during a compaction); truncates the log
   * after its last valid record (a torn record ends the log, and later segments are deleted: they
   * were never acknowledged, since a force syncs older segments first); syncs what remains.
   *
   * <p>Appends must never land before the cut, where a load would skip them: they go to the newest
   * valid segment (which ends at or after the cut), or to a new segment after the cut's when none
   * is left and the cut is inside its segment (that segment may be missing or shorter than the cut:
   * its records were in the synced snapshot but not yet synced in the segment at a crash).
   */
  private List<byte[]> readSegments(RoomId room, RoomFiles f, Cut cut) throws IOException {
    // A crashed process may have created segments (or renamed a snapshot in) without syncing the
    // directory: what is served from now on, and what is deleted below on its word, must not
    // depend on entries a power loss could still take.
    forceDirectory();
    List<byte[]> records = new ArrayList<>();
    long next = cut.offset() > 0 ? cut.segment() + 1 : cut.segment();
    boolean ended = false;
    for (Map.Entry<Long, Path> s : segments(room).entrySet()) {
      long n = s.getKey();
      Path file = s.getValue();
      if (n < cut.segment() || ended) {
        Files.deleteIfExists(file);
        continue;
      }
      long start = n == cut.segment() ? cut.offset() : 0;
      long size = Files.size(file);
      if (size < start) {
        Files.deleteIfExists(file);
        ended = true;
        continue;
      }
      long valid = readRecords(file, start, records);
      try (FileChannel ch = opener.open(file, StandardOpenOption.WRITE)) {
        if (valid < size) {
          ch.truncate(valid);
          ended = true;
        }
        // A crashed process may have appended records it never synced; they are served from now.
        ch.force(true);
      }
      next = Math.max(next, n);
    }
    abandonChannels(f);
    f.cutSegment = cut.segment();
    f.cutOffset = cut.offset();
    f.segment = next;
    f.known = true;
    return records;
  }

  /**
   * Adds the valid records of {@code file} from byte {@code start} to {@code into}; returns the
   * offset after the last valid one.
   */
  private static long readRecords(Path file, long start, List<byte[]> into) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    buf.position((int) start);
    long valid = start;
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
      into.add(record);
      valid = buf.position();
    }
    return valid;
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
        know(room, f);
        if (f.log == null) {
          Path file = segmentFile(room, f.segment);
          boolean fresh = !Files.exists(file);
          f.log =
              opener.open(
                  file,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE,
                  StandardOpenOption.APPEND);
          if (fresh) {
            f.created++;
          }
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
   * Syncs the segments written since the last force, oldest first, and the directory when a segment
   * was created. A channel closed meanwhile was closed by a compaction (its records are in a
   * durable snapshot), a move, delete or release (each made its records durable first, or the room
   * is gone), another force (after syncing it), or a failed append, which fails the room anyway: so
   * a closed channel means there is nothing left to force.
   */
  @Override
  public void force(RoomId room) {
    RoomFiles f = files(room);
    List<Map.Entry<Long, FileChannel>> channels;
    int retired;
    long created;
    synchronized (f) {
      channels = new ArrayList<>(f.retired.entrySet());
      retired = channels.size();
      if (f.log != null) {
        channels.add(Map.entry(f.segment, f.log));
      }
      created = f.created > f.createdDurable ? f.created : -1;
    }
    try {
      for (Map.Entry<Long, FileChannel> c : channels) {
        try {
          c.getValue().force(false);
        } catch (ClosedByInterruptException e) {
          throw e;
        } catch (ClosedChannelException closed) {
          // See above: its records were made durable by whoever closed it.
        }
      }
      if (created >= 0) {
        forceDirectory();
      }
    } catch (ClosedByInterruptException e) {
      // Our own interrupt closed it: nothing says the records reached the disk.
      throw new UncheckedIOException("interrupted while syncing the log of room " + room, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync the log of room " + room, e);
    }
    synchronized (f) {
      f.createdDurable = Math.max(f.createdDurable, created);
      // Only the channels retired before the syncs began: the current one may have taken appends
      // after its sync and been retired since, and the next force must sync it again.
      for (Map.Entry<Long, FileChannel> c : channels.subList(0, retired)) {
        if (f.retired.remove(c.getKey(), c.getValue())) {
          closeQuietly(c.getValue());
        }
      }
    }
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // closing a channel only releases it; its data was synced or is not needed
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

  /** Closes the current channel and the retired ones. */
  private static void abandonChannels(RoomFiles f) {
    abandonChannel(f, -1);
    closeRetiredBefore(f, Long.MAX_VALUE);
  }

  private static void closeRetiredBefore(RoomFiles f, long segment) {
    var gone = f.retired.headMap(segment);
    gone.values().forEach(FileDocumentStore::closeQuietly);
    gone.clear();
  }

  @Override
  public void compact(RoomId room, byte[] snapshot, int replacedLogEntries) {
    RoomFiles f = files(room);
    synchronized (f.rewrite) {
      try {
        Cut from;
        long last;
        long next;
        synchronized (f) {
          know(room, f);
          from = new Cut(f.cutSegment, f.cutOffset);
          last = f.segment;
          // Later appends go to a new segment, so the ones read below no longer change and the next
          // compaction can delete this one whole. Only after a file exists: no gaps, no empty
          // files.
          if (f.log != null || Files.exists(segmentFile(room, f.segment))) {
            if (f.log != null) {
              f.retired.put(f.segment, f.log);
              f.log = null;
            }
            f.segment++;
          }
          next = f.segment;
        }
        Cut cut = locate(room, from, last, replacedLogEntries, next);
        Path tmp = writeSnapshotTemp(room, cut, snapshot);
        synchronized (f) {
          Files.move(
              tmp,
              snapshotFile(room),
              StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
          f.cutSegment = cut.segment();
          f.cutOffset = cut.offset();
        }
        forceDirectory();
        synchronized (f) {
          // Only now that the snapshot holding their records is durable: a force that finds one of
          // these closed takes its records for durable.
          closeRetiredBefore(f, cut.segment());
        }
        for (long n = from.segment(); n < cut.segment(); n++) {
          Files.deleteIfExists(segmentFile(room, n));
        }
        Files.deleteIfExists(legacySnapshotFile(room));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot compact room " + room, e);
      }
    }
  }

  /**
   * The cut after {@code replaced} records from {@code from}, reading segments up to {@code last}
   * (no longer appended to); a cut at the very end moves to the start of {@code next}.
   */
  private Cut locate(RoomId room, Cut from, long last, int replaced, long next) throws IOException {
    if (replaced < 0) {
      throw new IllegalArgumentException("cannot replace " + replaced + " log entries");
    }
    int remaining = replaced;
    int total = 0;
    for (long n = from.segment(); n <= last; n++) {
      Path file = segmentFile(room, n);
      if (!Files.exists(file)) {
        continue;
      }
      long start = n == from.segment() ? from.offset() : 0;
      byte[] bytes = Files.readAllBytes(file);
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      buf.position((int) Math.min(start, bytes.length));
      while (buf.remaining() >= HEADER) {
        if (remaining == 0) {
          return new Cut(n, buf.position());
        }
        int length = buf.getInt();
        if (length < 0 || length > buf.remaining() - 4) {
          break; // a torn tail: nothing a load would return
        }
        buf.position(buf.position() + 4 + length);
        remaining--;
        total++;
      }
    }
    if (remaining > 0) {
      throw new IllegalArgumentException(
          "cannot replace "
              + replaced
              + " log entries of room "
              + room
              + ": the log holds "
              + total);
    }
    return new Cut(next, 0);
  }

  /** Writes and syncs {@code .snapshot.tmp} (header with the cut, then the snapshot): its path. */
  private Path writeSnapshotTemp(RoomId room, Cut cut, byte[] content) throws IOException {
    Path tmp = snapshotFile(room).resolveSibling(snapshotFile(room).getFileName() + ".tmp");
    ByteBuffer header = ByteBuffer.allocate(SNAPSHOT_HEADER);
    header.putInt(SNAPSHOT_MAGIC).putLong(cut.segment()).putLong(cut.offset()).flip();
    writeSynced(tmp, List.of(header, ByteBuffer.wrap(content)));
    return tmp;
  }

  private void writeSynced(Path file, List<ByteBuffer> content) throws IOException {
    try (FileChannel ch =
        opener.open(
            file,
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
  }

  /** Makes renames durable (POSIX needs the directory synced; other systems refuse it). */
  private void forceDirectory() throws IOException {
    FileChannel d;
    try {
      d = opener.open(dir, StandardOpenOption.READ);
    } catch (IOException unsupported) {
      // Windows cannot open a directory as a channel; its renames are durable without it.
      return;
    }
    // A failed sync is reported: what it was to make durable may not be.
    try (d) {
      d.force(true);
    }
  }

  @Override
  public void delete(RoomId room) {
    RoomFiles f = files(room);
    synchronized (f.rewrite) {
      synchronized (f) {
        try {
          deleteFiles(room, f);
          forceDirectory();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot delete room " + room, e);
        }
      }
    }
  }

  private void deleteFiles(RoomId room, RoomFiles f) throws IOException {
    abandonChannels(f);
    f.known = false;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, key(room) + ".*")) {
      for (Path p : files) {
        Files.deleteIfExists(p);
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
    RoomFiles first = fromFirst ? a : b;
    RoomFiles second = fromFirst ? b : a;
    synchronized (first.rewrite) {
      synchronized (second.rewrite) {
        synchronized (first) {
          synchronized (second) {
            try {
              moveLocked(from, a, to, b);
            } catch (IOException e) {
              throw new UncheckedIOException("cannot move room " + from + " to " + to, e);
            }
          }
        }
      }
    }
  }

  /**
   * Folds the log into the snapshot first, so that the move is one atomic rename of one file: a
   * crash can never leave the room split between the two names, nor in both.
   */
  private void moveLocked(RoomId from, RoomFiles a, RoomId to, RoomFiles b) throws IOException {
    deleteFiles(to, b);
    Optional<StoredDocument> stored = loadLocked(from, a);
    if (stored.isPresent()) {
      List<byte[]> all = new ArrayList<>();
      if (stored.get().snapshot().length > 0) {
        all.add(stored.get().snapshot());
      }
      all.addAll(stored.get().log());
      // Cut after every segment there is: the folded snapshot needs none of them.
      long after = Math.max(a.segment, a.cutSegment) + 1;
      byte[] folded = all.size() == 1 ? all.get(0) : Updates.mergeUpdates(all);
      Path tmp = writeSnapshotTemp(from, new Cut(after, 0), folded);
      Files.move(
          tmp,
          snapshotFile(from),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      // Durable before the segments go: a power loss must not keep their deletion without it.
      forceDirectory();
      abandonChannels(a);
      for (Path p : segments(from).values()) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(legacySnapshotFile(from));
      Files.move(snapshotFile(from), snapshotFile(to), StandardCopyOption.ATOMIC_MOVE);
    }
    deleteFiles(from, a);
    forceDirectory();
  }

  /** The room closed: its files are closed (appends reopen them). */
  @Override
  public void release(RoomId room) {
    RoomFiles f = rooms.get(room);
    if (f != null) {
      synchronized (f) {
        abandonChannels(f);
      }
    }
  }

  @Override
  public void close() {
    for (RoomFiles f : rooms.values()) {
      synchronized (f) {
        abandonChannels(f);
      }
    }
  }
}
