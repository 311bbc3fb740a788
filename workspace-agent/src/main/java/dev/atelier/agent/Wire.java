package dev.atelier.agent;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * The agent's wire format: a sequence of frames {@code type:u8 channel:u32 length:u32
 * payload[length]}, big-endian, in both directions over one byte stream. A channel is one
 * operation: the server opens it with {@link #CALL}, the agent answers with one {@link #REPLY};
 * operations that stream (read, write, watch, forward) go on with {@link #DATA}, {@link #END},
 * {@link #CREDIT} and {@link #EVENT} frames on the same channel until one side sends {@link
 * #CLOSE}. Payload strings are {@link DataOutputStream#writeUTF modified UTF-8} (at most 65,535
 * bytes).
 */
public final class Wire {

  /** Version the agent announces in its {@link #HELLO}; the server refuses any other. */
  public static final int VERSION = 1;

  /** Largest payload either side accepts; anything larger ends the connection. */
  public static final int MAX_PAYLOAD = 1 << 20;

  /** Files up to this size are answered inline in the read's reply. */
  public static final int INLINE_READ = 256 * 1024;

  /** Bytes in one {@link #DATA} frame at most. */
  public static final int CHUNK = 64 * 1024;

  /** Bytes a receiver lets a sender send on a stream before the first {@link #CREDIT}. */
  public static final int WINDOW = 1024 * 1024;

  /** Agent → server, first frame, channel 0: payload {@code version:int}. */
  public static final byte HELLO = 0;

  /** Server → agent: opens a channel; payload {@code op:u8} and the operation's arguments. */
  public static final byte CALL = 1;

  /**
   * Agent → server: the answer to a call; payload {@code ok:bool}, then the result, or {@code
   * code:utf message:utf}. A read's result is {@code inline:bool}, then for a small file its {@code
   * length:i32} and bytes (no stream follows); for a larger one the content follows as {@link
   * #DATA} and {@link #END}.
   */
  public static final byte REPLY = 2;

  /** Either direction: bytes of a stream. */
  public static final byte DATA = 3;

  /** Either direction: the sender sends no more {@link #DATA} on this channel. */
  public static final byte END = 4;

  /** Either direction: payload {@code bytes:int}, the receiver may now be sent that much more. */
  public static final byte CREDIT = 5;

  /** Either direction: the channel is finished (or aborted); nothing more is sent on it. */
  public static final byte CLOSE = 6;

  /**
   * Agent → server on a watch channel: payload {@code kind:u8 path:utf}; on an exec channel see
   * {@link #EXEC_EXITED} and {@link #EXEC_DONE}.
   */
  public static final byte EVENT = 7;

  /** Operations of a {@link #CALL}. */
  public static final byte OP_STAT = 1;

  public static final byte OP_LIST = 2;
  public static final byte OP_READ = 3;
  public static final byte OP_WRITE = 4;
  public static final byte OP_MKDIRS = 5;
  public static final byte OP_MOVE = 6;
  public static final byte OP_DELETE = 7;
  public static final byte OP_WATCH = 8;
  public static final byte OP_FORWARD = 9;
  public static final byte OP_PING = 10;

  /**
   * Runs a process in a session of its own: {@code stderrChannel:i32 argc:i32 argv:utf* envc:i32
   * (name:utf value:utf)* cwd:utf pty:bool [columns:i32 rows:i32]}. The channel's streams are its
   * stdin and its stdout (with a PTY: the terminal's one output); without a PTY its stderr comes as
   * {@link #DATA}/{@link #END} on {@code stderrChannel}, a channel the server opened without a
   * call. Then {@link #EVENT}s {@link #EXEC_EXITED} and {@link #EXEC_DONE}. A {@link #CLOSE} from
   * the server kills the process and everything it started.
   */
  public static final byte OP_EXEC = 11;

  /** Resizes an exec's terminal: {@code channel:i32 columns:i32 rows:i32}. */
  public static final byte OP_RESIZE = 12;

  /**
   * Signals an exec's process group (with a PTY: the terminal's foreground group): {@code
   * channel:i32 signal:u8}, one of 1 (HUP), 2 (INT), 9 (KILL: everything the exec started), 15
   * (TERM).
   */
  public static final byte OP_SIGNAL = 13;

  /** Change kinds of an {@link #EVENT}. */
  public static final byte CREATED = 0;

  public static final byte MODIFIED = 1;
  public static final byte DELETED = 2;

  /** Exec {@link #EVENT}: the process ended; payload {@code kind:u8 code:i32} (0-255). */
  public static final byte EXEC_EXITED = 0;

  /**
   * Exec {@link #EVENT}: after {@link #EXEC_EXITED}, its output streams ended too; the agent has
   * forgotten the channel (and its stderr channel) and sends nothing more on them.
   */
  public static final byte EXEC_DONE = 1;

  private Wire() {}

  /** One frame. */
  public record Frame(byte type, int channel, byte[] payload) {}

  /**
   * Reads the next frame.
   *
   * @throws EOFException at the end of the stream
   * @throws IOException on a frame that breaks the format (unknown type, length out of bounds)
   */
  public static Frame read(DataInputStream in) throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("connection closed");
    }
    if (type > EVENT) {
      throw new IOException("unknown frame type " + type);
    }
    int channel = in.readInt();
    int length = in.readInt();
    if (length < 0 || length > MAX_PAYLOAD) {
      throw new IOException("frame length " + length + " out of bounds");
    }
    byte[] payload = new byte[length];
    in.readFully(payload);
    return new Frame((byte) type, channel, payload);
  }

  /** Writes one frame; callers serialize writers. Does not flush. */
  public static void write(DataOutputStream out, byte type, int channel, byte[] payload, int length)
      throws IOException {
    out.writeByte(type);
    out.writeInt(channel);
    out.writeInt(length);
    out.write(payload, 0, length);
  }

  /** Builds a payload. */
  public static final class Payload {
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(64);
    private final DataOutputStream out = new DataOutputStream(bytes);

    public Payload u8(int value) {
      return io(() -> out.writeByte(value));
    }

    public Payload bool(boolean value) {
      return io(() -> out.writeBoolean(value));
    }

    public Payload i32(int value) {
      return io(() -> out.writeInt(value));
    }

    public Payload i64(long value) {
      return io(() -> out.writeLong(value));
    }

    public Payload utf(String value) {
      return io(() -> out.writeUTF(value));
    }

    public byte[] bytes() {
      return bytes.toByteArray();
    }

    private Payload io(IoAction action) {
      try {
        action.run();
      } catch (IOException e) {
        throw new IllegalArgumentException(e.getMessage(), e); // only writeUTF of > 64 KiB
      }
      return this;
    }

    private interface IoAction {
      void run() throws IOException;
    }
  }

  /** Reads a payload; a short or malformed payload fails with an {@link IOException}. */
  public static DataInputStream reader(byte[] payload) {
    return new DataInputStream(new java.io.ByteArrayInputStream(payload));
  }
}
