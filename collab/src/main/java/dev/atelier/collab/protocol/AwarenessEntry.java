package dev.atelier.collab.protocol;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;
import dev.atelier.collab.encoding.Lib0Reader;
import dev.atelier.collab.encoding.Lib0Writer;
import dev.atelier.collab.encoding.Utf8;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One entry of an awareness update: {@code varUint(clientID), varUint(clock), varString(JSON)}.
 *
 * @param clientId the peer's client id (up to 53 bits)
 * @param clock the peer's awareness clock; a higher clock wins
 * @param state the state as compact JSON, or {@code null} when the peer went offline
 */
public record AwarenessEntry(long clientId, long clock, String state) {

  /**
   * Decodes a whole awareness update ({@code varUint(n)} then n entries), validating every state as
   * JSON before returning, so a bad entry rejects the whole update.
   *
   * @throws CollabException TRUNCATED, MALFORMED (trailing bytes, invalid JSON) or LIMIT_EXCEEDED
   */
  public static List<AwarenessEntry> decodeUpdate(byte[] update, ProtocolLimits limits) {
    Lib0Reader r = new Lib0Reader(update);
    long n = r.readVarUint();
    if (n > limits.maxAwarenessClients()) {
      throw new CollabException(
          ErrorCode.LIMIT_EXCEEDED,
          "awareness update with "
              + n
              + " entries exceeds the limit of "
              + limits.maxAwarenessClients());
    }
    // Each entry takes at least 3 bytes, so the remaining input also bounds the list's size.
    List<AwarenessEntry> entries = new ArrayList<>((int) Math.min(n, r.remaining() / 3 + 1));
    for (long i = 0; i < n; i++) {
      long clientId = r.readVarUint();
      long clock = r.readVarUint();
      byte[] json = r.readVarUint8Array();
      if (json.length > limits.maxAwarenessStateBytes()) {
        throw new CollabException(
            ErrorCode.LIMIT_EXCEEDED,
            "awareness state of "
                + json.length
                + " bytes exceeds the limit of "
                + limits.maxAwarenessStateBytes());
      }
      String compact = JsonText.compact(Utf8.decode(json, 0, json.length), limits.maxJsonDepth());
      entries.add(new AwarenessEntry(clientId, clock, "null".equals(compact) ? null : compact));
    }
    Wire.requireEnd(r, "awareness update");
    return Collections.unmodifiableList(entries);
  }

  /** Encodes entries as one awareness update. */
  public static byte[] encodeUpdate(List<AwarenessEntry> entries) {
    Lib0Writer w = new Lib0Writer();
    w.writeVarUint(entries.size());
    for (AwarenessEntry e : entries) {
      w.writeVarUint(e.clientId());
      w.writeVarUint(e.clock());
      w.writeVarString(e.state() == null ? "null" : e.state());
    }
    return w.toByteArray();
  }
}
