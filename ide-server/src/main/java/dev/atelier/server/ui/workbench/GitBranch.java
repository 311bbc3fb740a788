package dev.atelier.server.ui.workbench;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** What the status bar shows for a repository's {@code .git/HEAD}. */
final class GitBranch {

  private static final String REF = "ref:";
  private static final String HEADS = "refs/heads/";
  private static final int SHORT_SHA = 7;

  private GitBranch() {}

  /**
   * The branch name ({@code main}), or the abbreviated commit of a detached HEAD; empty when the
   * content is not a HEAD file.
   */
  static Optional<String> fromHead(byte[] head) {
    String text = new String(head, StandardCharsets.UTF_8).trim();
    if (text.startsWith(REF)) {
      String ref = text.substring(REF.length()).trim();
      String name = ref.startsWith(HEADS) ? ref.substring(HEADS.length()) : ref;
      return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }
    if (text.length() >= SHORT_SHA && text.chars().allMatch(GitBranch::isHex)) {
      return Optional.of(text.substring(0, SHORT_SHA));
    }
    return Optional.empty();
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }
}
