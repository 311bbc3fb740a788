package dev.atelier.collab.hub;

/**
 * The smallest single replacement turning one text into another: the common prefix and suffix are
 * kept, {@code deleteCount} UTF-16 units at {@code start} are replaced by {@code insert}. Never
 * splits a surrogate pair, so the CRDT never holds half a character. The one prefix/suffix diff of
 * the tree: the hub's external edits and the document bridge's three-way merge use it.
 */
public record TextDiff(int start, int deleteCount, String insert) {

  /** The diff from {@code before} to {@code after}, or null when they are equal. */
  public static TextDiff between(String before, String after) {
    if (before.equals(after)) {
      return null;
    }
    int max = Math.min(before.length(), after.length());
    int prefix = 0;
    while (prefix < max && before.charAt(prefix) == after.charAt(prefix)) {
      prefix++;
    }
    if (prefix > 0 && Character.isHighSurrogate(before.charAt(prefix - 1))) {
      prefix--;
    }
    int suffix = 0;
    int maxSuffix = max - prefix;
    while (suffix < maxSuffix
        && before.charAt(before.length() - 1 - suffix)
            == after.charAt(after.length() - 1 - suffix)) {
      suffix++;
    }
    if (suffix > 0 && Character.isLowSurrogate(before.charAt(before.length() - suffix))) {
      suffix--;
    }
    return new TextDiff(
        prefix,
        before.length() - prefix - suffix,
        after.substring(prefix, after.length() - suffix));
  }
}
