package dev.atelier.runtime.kubernetes;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads git's progress from the clone init container's log. {@code git clone --progress} redraws
 * one line with carriage returns, so the latest state is the last {@code \r}-separated piece.
 */
final class CloneProgress {

  private static final Pattern STEP =
      Pattern.compile(
          "(Counting|Compressing|Receiving|Resolving|Updating) (objects|deltas|files):\\s+(\\d{1,3})%");

  private CloneProgress() {}

  /** The latest step as {@code Receiving objects 42%}, if the log shows one. */
  static Optional<String> latest(String log) {
    if (log == null || log.isEmpty()) {
      return Optional.empty();
    }
    String latest = null;
    for (String piece : log.split("[\r\n]")) {
      Matcher m = STEP.matcher(piece);
      if (m.find()) {
        latest = m.group(1) + " " + m.group(2) + " " + m.group(3) + "%";
      }
    }
    return Optional.ofNullable(latest);
  }
}
