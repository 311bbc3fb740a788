package dev.atelier.documents;

import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceFiles.FileChange.Kind;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One workspace's files in memory, with a watch the test drives: {@link #writeOutside} changes a
 * file as a process would and reports it to the watchers; the bridge's own writes are reported too,
 * as a real watch would.
 */
final class MemoryFiles implements WorkspaceFiles, WorkspaceWatches {

  final Map<String, byte[]> content = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();
  final List<FileChangeListener> watchers = new CopyOnWriteArrayList<>();
  final AtomicInteger watchesOpened = new AtomicInteger();

  String text(String path) {
    byte[] b = content.get(path);
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  int writes(String path) {
    AtomicInteger n = writes.get(path);
    return n == null ? 0 : n.get();
  }

  /** A process changes the file; the watch reports it. */
  void writeOutside(String path, String text) {
    content.put(path, text.getBytes(StandardCharsets.UTF_8));
    report(Kind.MODIFIED, path);
  }

  void report(Kind kind, String path) {
    for (FileChangeListener l : watchers) {
      l.onChange(new FileChange(kind, path));
    }
  }

  @Override
  public AutoCloseable watch(String workspaceId, FileChangeListener listener) {
    watchesOpened.incrementAndGet();
    watchers.add(listener);
    return () -> watchers.remove(listener);
  }

  @Override
  public List<FileEntry> list(String dir) {
    List<FileEntry> entries = new ArrayList<>();
    content.forEach((p, b) -> entries.add(new FileEntry(p, false, b.length, 0)));
    return entries;
  }

  @Override
  public Optional<FileEntry> stat(String path) {
    byte[] b = content.get(path);
    return b == null ? Optional.empty() : Optional.of(new FileEntry(path, false, b.length, 0));
  }

  @Override
  public byte[] read(String path) {
    byte[] b = content.get(path);
    if (b == null) {
      throw new WorkspaceRuntimeException(
          WorkspaceRuntimeException.ErrorCode.FILE_NOT_FOUND, "no such file: " + path);
    }
    return b.clone();
  }

  @Override
  public void write(String path, byte[] bytes) {
    content.put(path, bytes.clone());
    writes.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    report(Kind.MODIFIED, path);
  }

  @Override
  public void createDirectories(String path) {}

  @Override
  public void move(String from, String to) {
    content.put(to, content.remove(from));
  }

  @Override
  public void delete(String path) {
    content.remove(path);
  }

  @Override
  public AutoCloseable watch(FileChangeListener listener) {
    throw new AssertionError(
        "the bridge must use the shared watch, not a runtime watch of its own");
  }
}
