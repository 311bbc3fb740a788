package dev.atelier.collab.protocol;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;
import dev.atelier.collab.encoding.Lib0Reader;
import dev.atelier.collab.encoding.Lib0Writer;
import java.util.Arrays;

/**
 * One y-websocket binary frame: {@code varUint(outer type)} then the message. Type 0 carries a
 * {@link SyncMessage} directly; type 1 carries an awareness update <em>length-prefixed</em> ({@code
 * varUint8Array}); type 2 is auth ({@code varUint 0} = permission denied, then a reason string);
 * type 3 asks for all awareness states and has no payload. A frame holds exactly one message:
 * trailing bytes are rejected.
 */
public sealed interface Frame {

  /** Outer message type numbers. */
  int SYNC = 0;

  int AWARENESS = 1;
  int AUTH = 2;
  int QUERY_AWARENESS = 3;

  /** The frame's bytes as sent on the WebSocket. */
  byte[] encode();

  /** Whether the frame changes the receiver's document (sync step 2 or update). */
  default boolean isWrite() {
    return this instanceof Sync s && s.message().type().isWrite();
  }

  /** Type 0: a sync message. */
  record Sync(SyncMessage message) implements Frame {
    public Sync {
      if (message == null) {
        throw new IllegalArgumentException("message is required");
      }
    }

    @Override
    public byte[] encode() {
      Lib0Writer w = new Lib0Writer(message.payload().length + 8);
      w.writeVarUint(SYNC);
      message.write(w);
      return w.toByteArray();
    }
  }

  /** Type 1: an awareness update (see {@link Awareness#encodeUpdate}); not copied. */
  record AwarenessUpdate(byte[] update) implements Frame {
    public AwarenessUpdate {
      if (update == null) {
        throw new IllegalArgumentException("update is required");
      }
    }

    @Override
    public byte[] encode() {
      Lib0Writer w = new Lib0Writer(update.length + 8);
      w.writeVarUint(AWARENESS);
      w.writeVarUint8Array(update);
      return w.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof AwarenessUpdate a && Arrays.equals(a.update, update);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(update);
    }

    @Override
    public String toString() {
      return "AwarenessUpdate[" + update.length + " B]";
    }
  }

  /** Type 2: permission denied, with a human-readable reason. */
  record PermissionDenied(String reason) implements Frame {
    public PermissionDenied {
      if (reason == null) {
        throw new IllegalArgumentException("reason is required");
      }
    }

    @Override
    public byte[] encode() {
      Lib0Writer w = new Lib0Writer(reason.length() + 8);
      w.writeVarUint(AUTH);
      w.writeVarUint(0);
      w.writeVarString(reason);
      return w.toByteArray();
    }
  }

  /** Type 3: asks the receiver for all awareness states it knows. */
  record QueryAwareness() implements Frame {
    @Override
    public byte[] encode() {
      return new byte[] {QUERY_AWARENESS};
    }
  }

  /** Wraps a sync message in a frame. */
  static Frame sync(SyncMessage message) {
    return new Sync(message);
  }

  /** Decodes a frame with {@link ProtocolLimits#DEFAULTS}. */
  static Frame decode(byte[] frame) {
    return decode(frame, ProtocolLimits.DEFAULTS);
  }

  /**
   * Decodes one frame.
   *
   * @throws CollabException TRUNCATED or MALFORMED for broken input, UNKNOWN_MESSAGE_TYPE for an
   *     unknown outer, sync or auth type, LIMIT_EXCEEDED for a frame above {@code limits}
   */
  static Frame decode(byte[] frame, ProtocolLimits limits) {
    limits.checkFrame(frame.length);
    Lib0Reader r = new Lib0Reader(frame);
    long type = r.readVarUint();
    Frame f;
    if (type == SYNC) {
      f = new Sync(SyncMessage.read(r));
    } else if (type == AWARENESS) {
      f = new AwarenessUpdate(r.readVarUint8Array());
    } else if (type == AUTH) {
      long authType = r.readVarUint();
      if (authType != 0) {
        throw new CollabException(
            ErrorCode.UNKNOWN_MESSAGE_TYPE, "unknown auth message type " + authType);
      }
      f = new PermissionDenied(r.readVarString());
    } else if (type == QUERY_AWARENESS) {
      f = new QueryAwareness();
    } else {
      throw new CollabException(
          ErrorCode.UNKNOWN_MESSAGE_TYPE, "unknown frame type " + type + " (expected 0-3)");
    }
    Wire.requireEnd(r, "frame");
    return f;
  }

  /**
   * Read-only gating without decoding the payload: whether {@code frame} is a sync step 2 or update
   * (starts {@code 00 01} or {@code 00 02}). A read-only peer's write frames are dropped.
   *
   * @throws CollabException for a frame too short or with an unknown type
   */
  static boolean isWrite(byte[] frame) {
    Lib0Reader r = new Lib0Reader(frame);
    long type = r.readVarUint();
    if (type != SYNC) {
      if (type > QUERY_AWARENESS) {
        throw new CollabException(
            ErrorCode.UNKNOWN_MESSAGE_TYPE, "unknown frame type " + type + " (expected 0-3)");
      }
      return false;
    }
    return SyncMessage.Type.fromWire(r.readVarUint()).isWrite();
  }
}
