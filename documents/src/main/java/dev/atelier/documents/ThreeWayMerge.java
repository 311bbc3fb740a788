package dev.atelier.documents;

import dev.atelier.collab.hub.TextDiff;

/**
 * Merges a change made on disk into a document that has edits not yet written to disk. Both sides
 * are reduced to one replaced range of the common base (common prefix and suffix kept); ranges that
 * do not overlap are both applied. When they overlap, the disk's version of the range is taken and
 * the text the editors inserted there is kept after it, so nothing anyone typed disappears.
 */
final class ThreeWayMerge {

  private ThreeWayMerge() {}

  /** One replaced range of the base: {@code base[start, end)} became {@code replacement}. */
  private record Change(int start, int end, String replacement) {
    boolean isEmpty() {
      return start == end && replacement.isEmpty();
    }
  }

  /**
   * @param base what the file held when document and file last agreed
   * @param ours the document now
   * @param theirs the file now
   * @return the document's new text
   */
  static String merge(String base, String ours, String theirs) {
    Change mine = change(base, ours);
    Change disk = change(base, theirs);
    if (mine.isEmpty()) {
      return theirs;
    }
    if (disk.isEmpty() || ours.equals(theirs)) {
      return ours;
    }
    StringBuilder out = new StringBuilder(ours.length() + theirs.length() - base.length() + 16);
    if (mine.end() <= disk.start()) {
      return out.append(base, 0, mine.start())
          .append(mine.replacement())
          .append(base, mine.end(), disk.start())
          .append(disk.replacement())
          .append(base, disk.end(), base.length())
          .toString();
    }
    if (disk.end() <= mine.start()) {
      return out.append(base, 0, disk.start())
          .append(disk.replacement())
          .append(base, disk.end(), mine.start())
          .append(mine.replacement())
          .append(base, mine.end(), base.length())
          .toString();
    }
    int start = Math.min(mine.start(), disk.start());
    int end = Math.max(mine.end(), disk.end());
    return out.append(base, 0, start)
        .append(base, start, disk.start())
        .append(disk.replacement())
        .append(base, disk.end(), end)
        .append(mine.replacement())
        .append(base, end, base.length())
        .toString();
  }

  private static Change change(String from, String to) {
    TextDiff d = TextDiff.between(from, to);
    return d == null
        ? new Change(0, 0, "")
        : new Change(d.start(), d.start() + d.deleteCount(), d.insert());
  }
}
