package dev.atelier.server.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InProcessEventBusTests {

  private final InProcessEventBus bus = new InProcessEventBus(2, 100);

  @AfterEach
  void close() throws InterruptedException {
    bus.destroy();
  }

  @Test
  void eachSubscriberReceivesEventsInPublicationOrder() throws Exception {
    List<Integer> seen = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    bus.subscribe(
        Integer.class,
        i -> {
          seen.add(i);
          if (i == 99) {
            done.countDown();
          }
        });
    for (int i = 0; i < 100; i++) {
      bus.publish(i);
    }
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).hasSize(100).isSorted();
  }

  @Test
  void slowSubscriberDoesNotBlockPublisherOrOtherSubscribers() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch fastGotIt = new CountDownLatch(1);
    bus.subscribe(
        String.class,
        s -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    bus.subscribe(String.class, s -> fastGotIt.countDown());
    long before = System.nanoTime();
    bus.publish("hello");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).isLessThan(500);
    assertThat(fastGotIt.await(5, TimeUnit.SECONDS)).isTrue();
    release.countDown();
  }

  @Test
  void subscribersReceiveOnlyInstancesOfTheirType() throws Exception {
    List<Object> numbers = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(2);
    bus.subscribe(
        Number.class,
        n -> {
          numbers.add(n);
          done.countDown();
        });
    bus.publish("not a number");
    bus.publish(1);
    bus.publish(2L);
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(numbers).containsExactly(1, 2L);
  }

  @Test
  void failingListenerKeepsReceivingLaterEvents() throws Exception {
    CountDownLatch second = new CountDownLatch(1);
    bus.subscribe(
        Integer.class,
        i -> {
          if (i == 1) {
            throw new IllegalStateException("boom");
          }
          second.countDown();
        });
    bus.publish(1);
    bus.publish(2);
    assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void closingTheHandleUnsubscribes() throws Exception {
    List<Integer> seen = new CopyOnWriteArrayList<>();
    AutoCloseable handle = bus.subscribe(Integer.class, seen::add);
    assertThat(bus.subscriberCount()).isEqualTo(1);
    handle.close();
    assertThat(bus.subscriberCount()).isZero();
    bus.publish(1);
    CountDownLatch marker = new CountDownLatch(1);
    bus.subscribe(Integer.class, i -> marker.countDown());
    bus.publish(2);
    assertThat(marker.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).isEmpty();
  }

  @Test
  void subscriberFarBehindLosesNewestEventsInsteadOfGrowingWithoutBound() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> seen = new CopyOnWriteArrayList<>();
    bus.subscribe(
        Integer.class,
        i -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          seen.add(i);
        });
    for (int i = 0; i < 500; i++) {
      bus.publish(i);
    }
    release.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() >= 100);
    // 100 queued (plus the one the listener may already have taken); the rest were dropped
    await()
        .during(Duration.ofMillis(100))
        .atMost(Duration.ofSeconds(5))
        .until(() -> seen.size() <= 101);
    assertThat(seen.size()).isBetween(100, 101);
    assertThat(seen).startsWith(0, 1, 2).isSorted();
  }
}
