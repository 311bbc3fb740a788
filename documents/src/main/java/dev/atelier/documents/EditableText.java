package dev.atelier.documents;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one rule for what opens as a shared, editable text document: at most {@code
 * atelier.collab.max-file-size} bytes, valid UTF-8 throughout (strict decoding) and no NUL byte.
 * The document rooms refuse everything else (1009, 1003), and the workbench and the files API ask
 * the same rule before they offer an editor, so that no editor opens only to be closed.
 */
public final class EditableText {

  /** What the rule says about a file. */
  public enum Verdict {
    /** Opens as a shared document. */
    EDITABLE,
    /** Text, but larger than {@link #maxBytes()}: shown read-only at most. */
    TOO_LARGE,
    /** Not UTF-8 text (binary, another encoding, NUL bytes). */
    NOT_TEXT
  }

  private final long maxBytes;

  public EditableText(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative");
    }
    this.maxBytes = maxBytes;
  }

  /** The largest editable file in bytes ({@code atelier.collab.max-file-size}). */
  public long maxBytes() {
    return maxBytes;
  }

  /** Whether a file of {@code size} bytes is too large to be a shared document. */
  public boolean tooLarge(long size) {
    return size > maxBytes;
  }

  /** The verdict on a file's whole content. */
  public Verdict classify(byte[] content) {
    if (decode(content).isEmpty()) {
      return Verdict.NOT_TEXT;
    }
    return tooLarge(content.length) ? Verdict.TOO_LARGE : Verdict.EDITABLE;
  }

  /** The content as text, or empty when it is not UTF-8 text by this rule (whatever its size). */
  public static Optional<String> decode(byte[] content) {
    for (byte b : content) {
      if (b == 0) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(content))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
