package dev.atelier.collab.hub;

import static dev.atelier.collab.hub.FakeBrowser.settle;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentHubConcurrencyTests {

  @TempDir Path dir;

  @Test
  void peersTypingOnManyThreadsInTwoRoomsConverge() throws Exception {
    RoomId[] rooms = {new RoomId("ws", "a.txt"), new RoomId("ws", "b.txt")};
    int perRoom = 3;
    int edits = 60;
    try (DocumentHub hub =
        new DocumentHub(new FileDocumentStore(dir), id -> "start\n", HubOptions.DEFAULTS)) {
      List<FakeBrowser> browsers = new ArrayList<>();
      for (RoomId room : rooms) {
        for (int i = 0; i < perRoom; i++) {
          browsers.add(new FakeBrowser(hub, room, AccessMode.READ_WRITE));
        }
      }
      // Each browser handles its own frames on its own thread, like a socket's reader thread.
      for (FakeBrowser b : browsers) {
        b.pump();
        b.flush();
      }
      ExecutorService pool = Executors.newFixedThreadPool(browsers.size());
      CyclicBarrier start = new CyclicBarrier(browsers.size());
      List<Future<?>> done = new ArrayList<>();
      for (int n = 0; n < browsers.size(); n++) {
        FakeBrowser b = browsers.get(n);
        // One letter per browser: counting it finds every edit, wherever later edits landed.
        String tag = String.valueOf((char) ('A' + n));
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int e = 0; e < edits; e++) {
                    b.pump();
                    b.insert(b.content().length() / 2, tag);
                    b.flush();
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      settle(browsers.toArray(FakeBrowser[]::new));

      for (int r = 0; r < rooms.length; r++) {
        String text = hub.documentText(rooms[r]);
        for (int i = 0; i < perRoom; i++) {
          int n = r * perRoom + i;
          assertThat(browsers.get(n).content()).isEqualTo(text);
          char tag = (char) ('A' + n);
          assertThat(text.chars().filter(c -> c == tag).count()).isEqualTo(edits);
        }
        assertThat(text.length()).isEqualTo("start\n".length() + perRoom * edits);
      }
    }
  }
}
