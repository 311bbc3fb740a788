package dev.atelier.collab.crdt;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;
import dev.atelier.collab.encoding.Lib0Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A shared list. Values: null, Boolean, Number, String, byte[], List, Map (stored as JSON-like
 * values), or a new {@link YText}/{@link YMap}/{@link YArray} (becomes a nested shared type). A
 * YArray created with {@code new YArray()} can be filled before it is inserted somewhere.
 */
public class YArray extends AbstractType<ArrayEvent> {
  private List<Object> prelim = new ArrayList<>();

  public YArray() {}

  @Override
  boolean usesMarkers() {
    return true;
  }

  @Override
  void integrate(Doc d, Item it) {
    super.integrate(d, it);
    List<Object> content = prelim;
    prelim = null;
    insert(0, content);
  }

  @Override
  AbstractType<?> copyEmpty() {
    return new YArray();
  }

  @Override
  void writeTypeRef(Lib0Writer w) {
    w.writeVarUint(ContentType.YARRAY);
  }

  @Override
  ArrayEvent createEvent(Transaction tr, Set<String> keysChanged) {
    return new ArrayEvent(this, tr);
  }

  public int length() {
    return prelim != null ? prelim.size() : length;
  }

  /** Inserts {@code values} so that the first one gets index {@code index}. */
  public void insert(int index, List<Object> values) {
    for (Object v : values) {
      Values.validate(v);
    }
    if (doc == null) {
      if (index < 0 || index > prelim.size()) {
        throw outOfRange(index);
      }
      prelim.addAll(index, values);
      return;
    }
    if (index < 0 || index > length) {
      throw outOfRange(index);
    }
    List<Content> contents = Values.listContents(values);
    doc.tx(t -> ListOps.insert(t, this, index, contents));
  }

  /** Appends {@code values} at the end. */
  public void push(List<Object> values) {
    for (Object v : values) {
      Values.validate(v);
    }
    if (doc == null) {
      prelim.addAll(values);
      return;
    }
    List<Content> contents = Values.listContents(values);
    doc.tx(t -> ListOps.push(t, this, contents));
  }

  /** Deletes {@code length} elements starting at {@code index}. */
  public void delete(int index, int len) {
    if (doc == null) {
      if (index < 0 || len < 0 || index + len > prelim.size()) {
        throw outOfRange(index);
      }
      prelim.subList(index, index + len).clear();
      return;
    }
    ListOps.checkRange(this, index, len);
    if (len == 0) {
      return;
    }
    doc.tx(t -> ListOps.delete(t, this, index, len));
  }

  /** The element at {@code index} (a nested shared type is returned as itself). */
  public Object get(int index) {
    if (doc == null) {
      return prelim.get(index);
    }
    if (index < 0 || index >= length) {
      throw outOfRange(index);
    }
    return ListOps.get(this, index);
  }

  /** The elements, nested shared types as themselves. */
  public List<Object> toList() {
    return doc == null ? new ArrayList<>(prelim) : ListOps.toList(this);
  }

  /** The elements, nested shared types converted to their JSON form. */
  @Override
  public List<Object> toJson() {
    List<Object> out = toList();
    out.replaceAll(AbstractType::jsonOf);
    return out;
  }

  private CollabException outOfRange(int index) {
    return new CollabException(
        ErrorCode.INVALID_OPERATION, "index " + index + " is outside the array of " + length());
  }
}
