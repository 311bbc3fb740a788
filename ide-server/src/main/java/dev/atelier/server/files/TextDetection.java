package dev.atelier.server.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Tells text from binary content the way editors and git do: a NUL byte in the first 8 KB means
 * binary, and so does a byte sequence that is not UTF-8 (a multi-byte character cut at the end of
 * the sample does not count). A quick heuristic for search, which skips binary files; what opens as
 * an editable document is decided by the stricter {@code dev.atelier.documents.EditableText} rule.
 */
public final class TextDetection {

  /** How much of the content is examined. */
  static final int SAMPLE = 8192;

  private TextDetection() {}

  /** Whether {@code content} looks like UTF-8 text. */
  public static boolean isText(byte[] content) {
    int length = Math.min(content.length, SAMPLE);
    for (int i = 0; i < length; i++) {
      if (content[i] == 0) {
        return false;
      }
    }
    int end = length;
    if (length < content.length) {
      end = cutIncompleteCharacter(content, length);
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      decoder.decode(ByteBuffer.wrap(content, 0, end));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** Drops a trailing partial UTF-8 sequence (at most 3 continuation bytes back). */
  private static int cutIncompleteCharacter(byte[] content, int end) {
    for (int back = 1; back <= 3 && end - back >= 0; back++) {
      int b = content[end - back] & 0xff;
      if ((b & 0xc0) != 0x80) {
        int needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
        return needed > back ? end - back : end;
      }
    }
    return end;
  }
}
