package dev.atelier.collab.hub;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Opens the channels of a {@link FileDocumentStore} and records what its syncs made durable: for
 * each file, the size it had when a sync of it began (the bytes a power loss cannot take); when
 * each file was created and when the directory was last synced (an entry a power loss cannot take).
 * A test can also run code right after a sync of a file or of the directory.
 */
final class SyncWatch implements FileDocumentStore.Opener {
  private final AtomicLong clock = new AtomicLong();
  private final Map<Path, Long> synced = new ConcurrentHashMap<>();
  private final Map<Path, Long> created = new ConcurrentHashMap<>();
  private volatile long directorySynced = -1;
  volatile Consumer<Path> afterSync = p -> {};
  volatile boolean failDirectorySyncs;

  @Override
  public FileChannel open(Path file, OpenOption... options) throws IOException {
    boolean creates = Arrays.asList(options).contains(StandardOpenOption.CREATE);
    boolean fresh = creates && !Files.exists(file);
    FileChannel ch = FileChannel.open(file, options);
    if (fresh) {
      created.put(file.toAbsolutePath(), clock.incrementAndGet());
    }
    return new Watched(file.toAbsolutePath(), ch);
  }

  /** {@code file} was created (by a process that crashed) and its directory entry never synced. */
  void createdUnsynced(Path file) {
    created.put(file.toAbsolutePath(), clock.incrementAndGet());
  }

  /** The bytes of {@code file} a sync made durable. */
  long synced(Path file) {
    return synced.getOrDefault(file.toAbsolutePath(), 0L);
  }

  /** Whether the directory was synced after {@code file} was last created by the store. */
  boolean entryDurable(Path file) {
    Long at = created.get(file.toAbsolutePath());
    return at == null || directorySynced > at;
  }

  /** Every log segment in {@code dir}. */
  static List<Path> segments(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
    }
  }

  private final class Watched extends FileChannel {
    private final Path path;
    private final FileChannel ch;

    Watched(Path path, FileChannel ch) {
      this.path = path;
      this.ch = ch;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      if (Files.isDirectory(path)) {
        if (failDirectorySyncs) {
          throw new IOException("Input/output error (a failing disk)");
        }
        long at = clock.incrementAndGet();
        ch.force(metaData);
        directorySynced = Math.max(directorySynced, at);
        afterSync.accept(path);
        return;
      }
      long size = ch.size();
      ch.force(metaData);
      synced.merge(path, size, Math::max);
      afterSync.accept(path);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return ch.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return ch.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return ch.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      return ch.write(srcs, offset, length);
    }

    @Override
    public long position() throws IOException {
      return ch.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      ch.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return ch.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      ch.truncate(size);
      return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target)
        throws IOException {
      return ch.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count)
        throws IOException {
      return ch.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return ch.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      return ch.write(src, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      return ch.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return ch.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return ch.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      ch.close();
    }
  }
}
