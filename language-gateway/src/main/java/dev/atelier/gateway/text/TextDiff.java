package dev.atelier.gateway.text;

import java.util.Optional;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;

/**
 * The smallest single edit that turns one text into another: the common prefix and suffix are kept
 * and the middle is replaced. That is what an editor sends per keystroke, and for a collaborative
 * document it stays small however large the file is.
 *
 * <p>The boundaries never split a surrogate pair or a {@code \r\n} pair: positions are counted in
 * UTF-16 code units and {@code \r\n} is one line break, so a cut between {@code \r} and {@code \n}
 * would mean different things to the server and to us.
 */
public final class TextDiff {

  private TextDiff() {}

  /** The change from {@code before} to {@code after}, or empty when they are equal. */
  public static Optional<TextDocumentContentChangeEvent> between(String before, String after) {
    if (before.equals(after)) {
      return Optional.empty();
    }
    int limit = Math.min(before.length(), after.length());
    int prefix = 0;
    while (prefix < limit && before.charAt(prefix) == after.charAt(prefix)) {
      prefix++;
    }
    prefix = safePrefix(before, after, prefix);
    int suffix = 0;
    int suffixLimit = limit - prefix;
    while (suffix < suffixLimit
        && before.charAt(before.length() - 1 - suffix)
            == after.charAt(after.length() - 1 - suffix)) {
      suffix++;
    }
    suffix = safeSuffix(before, after, suffix);
    int endOld = before.length() - suffix;
    Position start = Positions.of(before, prefix);
    Position end = Positions.of(before, endOld);
    String text = after.substring(prefix, after.length() - suffix);
    TextDocumentContentChangeEvent event =
        new TextDocumentContentChangeEvent(new Range(start, end), text);
    return Optional.of(event);
  }

  private static int safePrefix(String before, String after, int prefix) {
    while (prefix > 0 && (splits(before, prefix) || splits(after, prefix))) {
      prefix--;
    }
    return prefix;
  }

  private static int safeSuffix(String before, String after, int suffix) {
    while (suffix > 0
        && (splits(before, before.length() - suffix) || splits(after, after.length() - suffix))) {
      suffix--;
    }
    return suffix;
  }

  /** Whether cutting {@code text} at {@code index} separates a surrogate pair or a CR LF. */
  static boolean splits(String text, int index) {
    if (index <= 0 || index >= text.length()) {
      return false;
    }
    char left = text.charAt(index - 1);
    char right = text.charAt(index);
    return (left == '\r' && right == '\n')
        || (Character.isHighSurrogate(left) && Character.isLowSurrogate(right));
  }
}
