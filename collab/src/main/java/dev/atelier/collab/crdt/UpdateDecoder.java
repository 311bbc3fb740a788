package dev.atelier.collab.crdt;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;
import dev.atelier.collab.encoding.Json;
import dev.atelier.collab.encoding.Lib0Reader;
import dev.atelier.collab.encoding.Lib0Writer;
import dev.atelier.collab.encoding.Undefined;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a v1 update completely before anything is applied, so that a malformed, truncated or
 * hostile update is rejected with a {@link CollabException} and the document stays untouched. Every
 * count is checked against the bytes that remain before anything is allocated for it.
 */
final class UpdateDecoder {

  private UpdateDecoder() {}

  static DecodedUpdate decode(byte[] update) {
    if (update == null) {
      throw new CollabException(ErrorCode.MALFORMED, "update is null");
    }
    Lib0Reader r = new Lib0Reader(update);
    long numClients = r.readVarUint();
    // each client block takes at least three bytes (count, client, clock)
    if (numClients * 3 > r.remaining()) {
      throw new CollabException(ErrorCode.TRUNCATED, "update lists more clients than it holds");
    }
    List<DecodedUpdate.ClientBlock> blocks = new ArrayList<>((int) numClients);
    for (long i = 0; i < numClients; i++) {
      long numStructs = r.readVarUint();
      long client = r.readVarUint();
      long clock = r.readVarUint();
      // each struct takes at least two bytes (info + length or content)
      if (numStructs * 2 > r.remaining()) {
        throw new CollabException(ErrorCode.TRUNCATED, "update lists more structs than it holds");
      }
      Ref[] refs = new Ref[(int) numStructs];
      for (int k = 0; k < numStructs; k++) {
        Ref ref = readStruct(r, client, clock);
        refs[k] = ref;
        clock += ref.length;
        if (clock > Lib0Writer.MAX_SAFE_INTEGER) {
          throw new CollabException(ErrorCode.LIMIT_EXCEEDED, "clock exceeds 2^53");
        }
      }
      blocks.add(new DecodedUpdate.ClientBlock(client, refs));
    }
    List<Map.Entry<Long, DeleteSet.Ranges>> ds = DeleteSet.readEntries(r);
    return new DecodedUpdate(blocks, ds);
  }

  private static int length(long len, String what) {
    if (len <= 0) {
      throw new CollabException(ErrorCode.MALFORMED, what + " with length 0");
    }
    if (len > Integer.MAX_VALUE) {
      throw new CollabException(ErrorCode.LIMIT_EXCEEDED, what + " longer than 2^31-1");
    }
    return (int) len;
  }

  private static Ref readStruct(Lib0Reader r, long client, long clock) {
    int info = r.readUint8();
    int ref = info & 0x1F;
    if (ref == 0) {
      return new Ref(Ref.GC, client, clock, length(r.readVarUint(), "GC struct"));
    }
    if (ref == 10) {
      if (info != 10) {
        throw new CollabException(ErrorCode.MALFORMED, "skip struct with flags " + info);
      }
      return new Ref(Ref.SKIP, client, clock, length(r.readVarUint(), "skip struct"));
    }
    if (ref > 10) {
      throw new CollabException(ErrorCode.MALFORMED, "unknown content ref " + ref);
    }
    long oc = -1;
    long ok = 0;
    long rc = -1;
    long rk = 0;
    if ((info & 0x80) != 0) {
      oc = r.readVarUint();
      ok = r.readVarUint();
    }
    if ((info & 0x40) != 0) {
      rc = r.readVarUint();
      rk = r.readVarUint();
    }
    String parentName = null;
    long pc = -1;
    long pk = 0;
    String parentSub = null;
    boolean cantCopyParentInfo = (info & 0xC0) == 0;
    if (cantCopyParentInfo) {
      if (r.readVarUint() == 1) {
        parentName = r.readVarString();
      } else {
        pc = r.readVarUint();
        pk = r.readVarUint();
      }
      if ((info & 0x20) != 0) {
        parentSub = r.readVarString();
      }
    }
    Content content = readContent(r, ref);
    Ref item = new Ref(Ref.ITEM, client, clock, length(content.length(), "item"));
    item.originClient = oc;
    item.originClock = ok;
    item.rightOriginClient = rc;
    item.rightOriginClock = rk;
    item.parentName = parentName;
    item.parentIdClient = pc;
    item.parentIdClock = pk;
    item.parentSub = parentSub;
    item.content = content;
    // References to the same client must point to earlier clocks; anything else cannot come
    // from a real document and would make integration fail halfway.
    if ((oc == client && ok >= clock)
        || (rc == client && rk >= clock)
        || (pc == client && pk >= clock)) {
      throw new CollabException(
          ErrorCode.MALFORMED, "struct " + client + ":" + clock + " refers to a later clock");
    }
    return item;
  }

  private static long count(Lib0Reader r, String what) {
    long n = r.readVarUint();
    if (n > r.remaining()) {
      throw new CollabException(ErrorCode.TRUNCATED, what + " count exceeds the input");
    }
    return n;
  }

  static Content readContent(Lib0Reader r, int ref) {
    switch (ref) {
      case Content.DELETED:
        return new ContentDeleted(length(r.readVarUint(), "deleted content"));
      case Content.JSON:
        {
          long n = count(r, "JSON content");
          List<Object> arr = new ArrayList<>((int) n);
          for (long i = 0; i < n; i++) {
            String s = r.readVarString();
            arr.add("undefined".equals(s) ? Undefined.INSTANCE : Json.parse(s));
          }
          return new ContentJson(arr);
        }
      case Content.BINARY:
        return new ContentBinary(r.readVarUint8Array());
      case Content.STRING:
        return new ContentString(r.readVarString());
      case Content.EMBED:
        return new ContentEmbed(Json.parse(r.readVarString()));
      case Content.FORMAT:
        {
          String key = r.readVarString();
          return new ContentFormat(key, Json.parse(r.readVarString()));
        }
      case Content.TYPE:
        return new ContentType(readType(r));
      case Content.ANY:
        {
          long n = count(r, "any content");
          List<Object> arr = new ArrayList<>((int) n);
          for (long i = 0; i < n; i++) {
            arr.add(r.readAny());
          }
          return new ContentAny(arr);
        }
      case Content.DOC:
        {
          String guid = r.readVarString();
          return new ContentDoc(guid, r.readAny());
        }
      default:
        throw new CollabException(ErrorCode.MALFORMED, "unknown content ref " + ref);
    }
  }

  private static AbstractType<?> readType(Lib0Reader r) {
    long typeRef = r.readVarUint();
    return switch ((int) Math.min(typeRef, 99)) {
      case ContentType.YARRAY -> new YArray();
      case ContentType.YMAP -> new YMap();
      case ContentType.YTEXT -> new YText();
      case ContentType.YXML_ELEMENT -> new YXmlElement(r.readVarString());
      case ContentType.YXML_FRAGMENT -> new YXmlFragment();
      case ContentType.YXML_HOOK -> new YXmlHook(r.readVarString());
      case ContentType.YXML_TEXT -> new YXmlText();
      default -> throw new CollabException(ErrorCode.MALFORMED, "unknown type ref " + typeRef);
    };
  }

  /** Decodes a state vector (client → next expected clock). */
  static Map<Long, Long> decodeStateVector(byte[] sv) {
    if (sv == null) {
      return new HashMap<>();
    }
    Lib0Reader r = new Lib0Reader(sv);
    long n = r.readVarUint();
    if (n * 2 > r.remaining()) {
      throw new CollabException(ErrorCode.TRUNCATED, "state vector lists more entries than bytes");
    }
    Map<Long, Long> out = new HashMap<>();
    for (long i = 0; i < n; i++) {
      long client = r.readVarUint();
      out.put(client, r.readVarUint());
    }
    return out;
  }
}
