package dev.atelier.server.files;

import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceFiles.FileEntry;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Walks a workspace's files the way git sees them: {@code .git} is never entered, and every {@code
 * .gitignore} on the way (the root's and nested ones, the deeper one winning) hides what it
 * matches; an ignored folder is not entered at all. Bounded by a number of files and a deadline.
 */
final class TreeWalk {

  /** Receives each file that is not ignored; returns {@code false} to stop the walk. */
  @FunctionalInterface
  interface Visitor {
    boolean visit(FileEntry file);
  }

  /** A folder's {@code .gitignore} rules, with the folder they are relative to. */
  private record Rules(String dir, org.eclipse.jgit.ignore.IgnoreNode node) {}

  private final WorkspaceFiles files;
  private final int maxFiles;
  private final long deadlineNanos;
  private final Deque<Rules> rules = new ArrayDeque<>();
  private int seen;
  private boolean complete = true;

  /**
   * @param maxFiles stop after this many files were visited
   * @param deadlineNanos stop when {@link System#nanoTime()} passes it
   */
  TreeWalk(WorkspaceFiles files, int maxFiles, long deadlineNanos) {
    this.files = files;
    this.maxFiles = maxFiles;
    this.deadlineNanos = deadlineNanos;
  }

  /**
   * Visits every file that is not ignored, folders in listing order.
   *
   * @return {@code true} when the whole tree was walked, {@code false} when a bound or the visitor
   *     stopped it early
   */
  boolean walk(Visitor visitor) {
    walkFolder("", visitor);
    return complete;
  }

  private boolean walkFolder(String dir, Visitor visitor) {
    List<FileEntry> entries;
    try {
      entries = files.list(dir);
    } catch (WorkspaceRuntimeException e) {
      return true; // vanished meanwhile, or a link leading outside the workspace
    }
    boolean pushed = pushRules(dir, entries);
    try {
      for (FileEntry entry : entries) {
        if (entry.name().equals(".git") || ignored(entry)) {
          continue;
        }
        if (System.nanoTime() - deadlineNanos > 0 || seen >= maxFiles) {
          complete = false;
          return false;
        }
        if (entry.directory()) {
          if (!walkFolder(entry.path(), visitor)) {
            return false;
          }
        } else {
          seen++;
          if (!visitor.visit(entry)) {
            complete = false;
            return false;
          }
        }
      }
      return true;
    } finally {
      if (pushed) {
        rules.pop();
      }
    }
  }

  private boolean pushRules(String dir, List<FileEntry> entries) {
    for (FileEntry entry : entries) {
      if (!entry.directory() && entry.name().equals(".gitignore")) {
        try {
          org.eclipse.jgit.ignore.IgnoreNode node = new org.eclipse.jgit.ignore.IgnoreNode();
          node.parse(new ByteArrayInputStream(files.read(entry.path(), FileSearch.MAX_FILE_SIZE)));
          rules.push(new Rules(dir, node));
          return true;
        } catch (IOException | WorkspaceRuntimeException e) {
          return false; // unreadable rules hide nothing
        }
      }
    }
    return false;
  }

  /** Asks the nearest {@code .gitignore} first; the first one with a matching rule decides. */
  private boolean ignored(FileEntry entry) {
    for (Rules r : rules) {
      String relative =
          r.dir().isEmpty() ? entry.path() : entry.path().substring(r.dir().length() + 1);
      Boolean result = r.node().checkIgnored(relative, entry.directory());
      if (result != null) {
        return result;
      }
    }
    return false;
  }
}
