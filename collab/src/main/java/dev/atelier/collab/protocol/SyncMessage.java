package dev.atelier.collab.protocol;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;
import dev.atelier.collab.encoding.Lib0Reader;
import dev.atelier.collab.encoding.Lib0Writer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A y-protocols sync message: {@code varUint(type)} followed by {@code varUint8Array(payload)}.
 * Step 1 carries the sender's state vector, step 2 the update the receiver is missing ({@code
 * encodeStateAsUpdate(doc, thatStateVector)}), update an incremental v1 update.
 *
 * @param type the message type
 * @param payload the state vector (step 1) or v1 update (step 2, update); not copied
 */
public record SyncMessage(Type type, byte[] payload) {

  /** Sync message types with their wire numbers. */
  public enum Type {
    /** Carries the sender's state vector; must be answered with {@link #STEP2}. */
    STEP1(0),
    /** Carries the update the receiver of the step 1 is missing. */
    STEP2(1),
    /** Carries an incremental update. */
    UPDATE(2);

    private final int wire;

    Type(int wire) {
      this.wire = wire;
    }

    /** The number written on the wire. */
    public int wire() {
      return wire;
    }

    /** Whether a message of this type changes the receiver's document. */
    public boolean isWrite() {
      return this != STEP1;
    }

    static Type fromWire(long wire) {
      for (Type t : values()) {
        if (t.wire == wire) {
          return t;
        }
      }
      throw new CollabException(
          ErrorCode.UNKNOWN_MESSAGE_TYPE, "unknown sync message type " + wire + " (expected 0-2)");
    }
  }

  public SyncMessage {
    if (type == null || payload == null) {
      throw new IllegalArgumentException("type and payload are required");
    }
  }

  public static SyncMessage step1(byte[] stateVector) {
    return new SyncMessage(Type.STEP1, stateVector);
  }

  public static SyncMessage step2(byte[] update) {
    return new SyncMessage(Type.STEP2, update);
  }

  public static SyncMessage update(byte[] update) {
    return new SyncMessage(Type.UPDATE, update);
  }

  /** Writes this message (without a frame envelope). */
  public void write(Lib0Writer w) {
    w.writeVarUint(type.wire);
    w.writeVarUint8Array(payload);
  }

  /** This message alone, without a frame envelope. */
  public byte[] encode() {
    Lib0Writer w = new Lib0Writer(payload.length + 8);
    write(w);
    return w.toByteArray();
  }

  /**
   * Reads one sync message.
   *
   * @throws CollabException TRUNCATED, UNKNOWN_MESSAGE_TYPE or LIMIT_EXCEEDED
   */
  public static SyncMessage read(Lib0Reader r) {
    Type type = Type.fromWire(r.readVarUint());
    return new SyncMessage(type, r.readVarUint8Array());
  }

  /** Decodes a byte array that holds exactly one sync message. */
  public static SyncMessage decode(byte[] bytes) {
    Lib0Reader r = new Lib0Reader(bytes);
    SyncMessage m = read(r);
    Wire.requireEnd(r, "sync message");
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SyncMessage m && m.type == type && Arrays.equals(m.payload, payload);
  }

  @Override
  public int hashCode() {
    return type.hashCode() * 31 + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    String hex = HexFormat.of().formatHex(payload, 0, Math.min(payload.length, 32));
    return "SyncMessage["
        + type
        + ", "
        + payload.length
        + " B: "
        + hex
        + (payload.length > 32 ? "…" : "")
        + "]";
  }
}
