package dev.atelier.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceFiles.FileChange;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.server.workspace.WorkspaceAccess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class FileWatchesTests {

  private final WorkspaceRuntime runtime = mock(WorkspaceRuntime.class);
  private final FileWatches watches = new FileWatches(runtime, mock(WorkspaceAccess.class));

  @Test
  void aWatchThatIsSlowToOpenHoldsUpNoOtherWorkspace() throws Exception {
    CountDownLatch slowOpen = new CountDownLatch(1);
    CountDownLatch slowEntered = new CountDownLatch(1);
    AtomicInteger slowOpened = new AtomicInteger();
    List<WorkspaceFiles.FileChangeListener> slowListeners = new CopyOnWriteArrayList<>();
    WorkspaceFiles slow = mock(WorkspaceFiles.class);
    when(slow.watch(any()))
        .thenAnswer(
            call -> {
              slowEntered.countDown();
              slowOpen.await(); // an agent that takes its time to start
              slowOpened.incrementAndGet();
              slowListeners.add(call.getArgument(0));
              return (AutoCloseable) () -> {};
            });
    WorkspaceFiles quick = mock(WorkspaceFiles.class);
    when(quick.watch(any())).thenReturn(() -> {});
    when(runtime.files("slow")).thenReturn(slow);
    when(runtime.files("quick")).thenReturn(quick);

    CompletableFuture<AutoCloseable> first =
        CompletableFuture.supplyAsync(() -> watches.subscribe("u", "slow", change -> {}));
    assertThat(slowEntered.await(10, TimeUnit.SECONDS)).isTrue();

    // another workspace subscribes while the slow one is still opening
    CompletableFuture<AutoCloseable> other =
        CompletableFuture.supplyAsync(() -> watches.subscribe("u", "quick", change -> {}));
    assertThat(other).succeedsWithin(Duration.ofSeconds(5));

    // a second subscriber of the slow workspace waits for the same runtime watch
    List<FileChange> seen = new CopyOnWriteArrayList<>();
    CompletableFuture<AutoCloseable> second =
        CompletableFuture.supplyAsync(() -> watches.subscribe("u", "slow", seen::add));
    Thread.sleep(200);
    assertThat(second).isNotDone();

    slowOpen.countDown();
    assertThat(first).succeedsWithin(Duration.ofSeconds(5));
    assertThat(second).succeedsWithin(Duration.ofSeconds(5));
    assertThat(slowOpened).hasValue(1);
    slowListeners.get(0).onChange(new FileChange(FileChange.Kind.CREATED, "a.txt"));
    assertThat(seen).containsExactly(new FileChange(FileChange.Kind.CREATED, "a.txt"));
  }
}
