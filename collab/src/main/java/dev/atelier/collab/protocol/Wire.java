package dev.atelier.collab.protocol;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;
import dev.atelier.collab.encoding.Lib0Reader;

/** Decoding checks shared by the message types of this package. */
final class Wire {

  private Wire() {}

  /** Rejects bytes left after the one message an input may hold. */
  static void requireEnd(Lib0Reader r, String what) {
    if (r.hasRemaining()) {
      throw new CollabException(
          ErrorCode.MALFORMED, r.remaining() + " unexpected bytes after the " + what);
    }
  }
}
