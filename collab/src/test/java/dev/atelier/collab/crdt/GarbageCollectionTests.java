package dev.atelier.collab.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GarbageCollectionTests {

  private static int countStructs(Doc doc, Class<?> kind) {
    int n = 0;
    for (StructList l : doc.store.clients.values()) {
      for (int i = 0; i < l.size(); i++) {
        if (kind.isInstance(l.get(i))) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  void deletedTextKeepsOnlyItsLength() {
    Doc doc = new Doc(1);
    YText t = doc.getText("t");
    t.insert(0, "hello world");
    t.delete(2, 5);
    Item deleted = (Item) doc.store.find(1, 3);
    assertThat(deleted.isDeleted()).isTrue();
    assertThat(deleted.content).isInstanceOf(ContentDeleted.class);
    // the encoded state has no trace of the deleted characters
    String encoded =
        new String(Updates.encodeStateAsUpdate(doc), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(encoded).contains("he").contains("orld").doesNotContain("llo");
    assertThat(t.toString()).isEqualTo("heorld");
  }

  @Test
  void withGcOffDeletedContentIsKept() {
    Doc doc = new Doc(1);
    doc.setGc(false);
    YText t = doc.getText("t");
    t.insert(0, "hello world");
    t.delete(2, 5);
    Item deleted = (Item) doc.store.find(1, 3);
    assertThat(deleted.content).isInstanceOf(ContentString.class);
    assertThat(((ContentString) deleted.content).str).isEqualTo("llo w");
  }

  @Test
  void contentOfADeletedNestedTypeBecomesGcStructs() {
    Doc doc = new Doc(1);
    YMap root = doc.getMap("root");
    YArray inner = new YArray();
    inner.push(List.of("a", "b", "c"));
    root.set("inner", inner);
    inner.insert(1, List.of(new YText("deep")));
    assertThat(countStructs(doc, GcStruct.class)).isZero();
    root.delete("inner");
    assertThat(countStructs(doc, GcStruct.class)).isPositive();
    Doc other = new Doc(2);
    Updates.applyUpdate(other, Updates.encodeStateAsUpdate(doc));
    assertThat(other.getMap("root").toJson()).isEmpty();
    assertThat(Updates.encodeStateAsUpdate(other)).isEqualTo(Updates.encodeStateAsUpdate(doc));
  }

  @Test
  void itemsDeletedTogetherMergeIntoOneStruct() {
    Doc doc = new Doc(1);
    YText t = doc.getText("t");
    for (int i = 0; i < 10; i++) {
      t.insert(i, "x");
    }
    t.delete(3, 1);
    t.delete(3, 1);
    t.delete(3, 1);
    // [0..3) visible, [3..6) deleted and merged, [6..10) visible
    assertThat(doc.store.list(1).size()).isEqualTo(3);
  }
}
