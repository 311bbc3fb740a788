package dev.atelier.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.collab.hub.DocumentStore;
import dev.atelier.collab.hub.RoomId;
import dev.atelier.collab.hub.StoredDocument;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceDocumentStoreTests {

  @TempDir Path dir;

  /**
   * A method the workspace store inherits instead of delegating silently does nothing: a missing
   * {@code force} once meant the server relayed updates that were never synced to disk.
   */
  @Test
  void delegatesEveryOperationOfTheStoreInterface() throws Exception {
    for (Method m : DocumentStore.class.getMethods()) {
      Method declared =
          WorkspaceDocumentStore.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
      assertThat(declared.getDeclaringClass())
          .as(m.getName())
          .isEqualTo(WorkspaceDocumentStore.class);
    }
  }

  @Test
  void keepsEachWorkspaceInItsOwnFolderAndDeletesItWhole() {
    RoomId a = new RoomId("ws-a", "src/app.py");
    RoomId b = new RoomId("ws-b", "src/app.py");
    try (WorkspaceDocumentStore store = new WorkspaceDocumentStore(dir)) {
      store.append(a, new byte[] {1});
      store.append(a, new byte[] {2});
      store.force(a);
      store.append(b, new byte[] {3});
      store.compact(a, new byte[] {9}, 2);
      store.move(a, new RoomId("ws-a", "src/main.py"));
      assertThat(store.load(a)).isEmpty();
      StoredDocument moved = store.load(new RoomId("ws-a", "src/main.py")).orElseThrow();
      assertThat(moved.snapshot()).containsExactly(9);
      assertThat(moved.log()).isEmpty();
      assertThat(store.load(b).orElseThrow().log()).containsExactly(new byte[] {3});
      assertThatThrownBy(() -> store.move(a, b)).hasMessageContaining("between workspaces");

      store.deleteWorkspace("ws-a");
      assertThat(Files.exists(store.workspaceDir("ws-a"))).isFalse();
      assertThat(store.load(new RoomId("ws-a", "src/main.py"))).isEmpty();
      assertThat(store.load(b)).isPresent();
    }
  }
}
