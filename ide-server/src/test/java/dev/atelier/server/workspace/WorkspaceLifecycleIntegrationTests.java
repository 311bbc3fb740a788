package dev.atelier.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.runtime.spi.AppliedResources;
import dev.atelier.runtime.spi.Condition;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.ResourcePolicy;
import dev.atelier.runtime.spi.RuntimeEvent;
import dev.atelier.runtime.spi.StartResult;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.server.events.InProcessEventBus;
import dev.atelier.server.events.WorkspaceResourcesEvent;
import dev.atelier.server.events.WorkspaceStatusEvent;
import dev.atelier.server.testsupport.TestDatabases;
import dev.atelier.stacks.Resources;
import dev.atelier.stacks.Stack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The lifecycle driver against a scripted runtime (and an in-memory H2): the orderings and races
 * that the real runtime produces only by chance.
 */
class WorkspaceLifecycleIntegrationTests {

  private final ScriptedRuntime runtime = new ScriptedRuntime();
  private final InProcessEventBus bus = new InProcessEventBus();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<WorkspaceStatusEvent> published = new CopyOnWriteArrayList<>();
  private final Stack python =
      new Stack("python", "Python", null, null, null, null, null, null, null, null, null, null);
  private volatile ResourcePolicy policy = ResourcePolicy.DEFAULT;
  private WorkspaceRepository repository;
  private WorkspaceLifecycle lifecycle;
  private String owner;

  @BeforeEach
  void setUp() {
    DataSource ds = TestDatabases.h2();
    JdbcClient jdbc = JdbcClient.create(ds);
    repository =
        new WorkspaceRepository(
            jdbc,
            TestDatabases.objectMapper(),
            new TransactionTemplate(new DataSourceTransactionManager(ds)));
    owner = UUID.randomUUID().toString();
    jdbc.sql(
            "insert into users (id, username, display_name, password_hash, admin, created_at)"
                + " values (?, 'ada', 'Ada', 'x', false, ?)")
        .params(owner, OffsetDateTime.now(ZoneOffset.UTC))
        .update();
    lifecycle =
        new WorkspaceLifecycle(
            runtime,
            repository,
            bus,
            new WorkspaceMetrics(repository, meters),
            new WorkspaceActivity(repository),
            () -> policy);
    bus.subscribe(WorkspaceStatusEvent.class, published::add);
  }

  @AfterEach
  void tearDown() throws Exception {
    lifecycle.destroy();
    bus.destroy();
  }

  private String create() {
    String id = "ws-" + UUID.randomUUID().toString().substring(0, 8);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    lifecycle.createAndStart(
        new WorkspaceRecord(
            id, owner, id, "python", null, null, null, Phase.PENDING, List.of(), 0, now, now),
        python);
    return id;
  }

  private WorkspaceRecord await(String id, Predicate<WorkspaceRecord> condition) {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> repository.find(id).orElseThrow(), condition);
  }

  private WorkspaceRecord awaitPhase(String id, Phase phase) {
    return await(id, w -> w.phase() == phase);
  }

  /** Lets queued stripe work finish before asserting that something did not happen. */
  private void settle() {
    sleep(200);
  }

  private List<Phase> history(String id) {
    return repository.transitions(id).stream().map(WorkspaceTransition::phase).toList();
  }

  @Test
  void runtimeEventsArePersistedInOrderAndPublished() {
    String id = create();
    runtime.emit(RuntimeEvent.of(id, Phase.CREATING));
    runtime.emit(RuntimeEvent.of(id, Phase.INITIALIZING, Condition.of("cloning", "42%")));
    runtime.emit(RuntimeEvent.of(id, Phase.RUNNING));
    awaitPhase(id, Phase.RUNNING);
    assertThat(history(id))
        .containsExactly(Phase.PENDING, Phase.CREATING, Phase.INITIALIZING, Phase.RUNNING);
    Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> published.size() >= 4);
    assertThat(published)
        .extracting(WorkspaceStatusEvent::phase)
        .containsExactly(Phase.PENDING, Phase.CREATING, Phase.INITIALIZING, Phase.RUNNING);
    assertThat(published.get(2).conditions())
        .extracting(Condition::type)
        .containsExactly("cloning");
    assertThat(published).allSatisfy(e -> assertThat(e.ownerId()).isEqualTo(owner));
    assertThat(meters.get("atelier.workspace.start").timer().count()).isEqualTo(1);
  }

  @Test
  void successfulStartWithoutRunningEventStillEndsRunningWithTheEffectiveStack() {
    String id = create();
    Stack repoStack =
        new Stack("repository", "Repo", null, null, null, null, null, null, null, null, null, null);
    runtime.starts.get(id).complete(new StartResult(repoStack, ".atelier/stack.json"));
    WorkspaceRecord running = awaitPhase(id, Phase.RUNNING);
    assertThat(running.stackId()).isEqualTo("python");
    assertThat(running.effectiveStackId()).isEqualTo("repository");
    assertThat(running.stackSource()).isEqualTo(".atelier/stack.json");
    assertThat(meters.get("atelier.workspace.start").timer().count()).isEqualTo(1);
  }

  @Test
  void eachStartCarriesThePolicyInForceAndKeepsWhatTheRuntimeApplied() {
    List<WorkspaceResourcesEvent> reported = new CopyOnWriteArrayList<>();
    bus.subscribe(WorkspaceResourcesEvent.class, reported::add);
    policy =
        new ResourcePolicy(
            new Resources(500, 256L << 20, 64), new Resources(1000, 512L << 20, 128));
    String id = create();
    assertThat(runtime.specs.get(id).limits()).isEqualTo(policy);
    AppliedResources applied = policy.apply(new Resources(64_000, 100L << 40, 4_194_304));

    runtime.starts.get(id).complete(new StartResult(python, "builtin", applied));
    awaitPhase(id, Phase.RUNNING);

    assertThat(lifecycle.startedResources(id)).hasValue(applied);
    Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> !reported.isEmpty());
    assertThat(reported).containsExactly(new WorkspaceResourcesEvent(id, applied));

    // An administrator's change is read at the next start.
    ResourcePolicy lowered =
        new ResourcePolicy(new Resources(250, 128L << 20, 32), new Resources(500, 256L << 20, 64));
    policy = lowered;
    lifecycle.stop(id, w -> Optional.of(new WorkspaceLifecycle.Change(Phase.STOPPING, List.of())));
    runtime.stops.get(id).complete(null);
    awaitPhase(id, Phase.STOPPED);
    runtime.starts.remove(id);
    lifecycle.restart(id, python, w -> new WorkspaceLifecycle.Change(Phase.PENDING, List.of()));
    assertThat(runtime.specs.get(id).limits()).isEqualTo(lowered);
  }

  @Test
  void illegalTransitionsFromTheRuntimeAreIgnored() {
    String id = create();
    runtime.emit(RuntimeEvent.of(id, Phase.CREATING));
    runtime.emit(RuntimeEvent.of(id, Phase.RUNNING));
    awaitPhase(id, Phase.RUNNING);
    runtime.emit(RuntimeEvent.of(id, Phase.CREATING));
    runtime.emit(RuntimeEvent.of(id, Phase.PENDING));
    settle();
    assertThat(repository.find(id).orElseThrow().phase()).isEqualTo(Phase.RUNNING);
    assertThat(history(id)).containsExactly(Phase.PENDING, Phase.CREATING, Phase.RUNNING);
  }

  @Test
  void skippedStepIsRecordedThroughTheBridgePhase() {
    String id = create();
    runtime.emit(RuntimeEvent.of(id, Phase.RUNNING));
    awaitPhase(id, Phase.RUNNING);
    assertThat(history(id)).containsExactly(Phase.PENDING, Phase.CREATING, Phase.RUNNING);
  }

  @Test
  void processesEndingOnTheirOwnAreRecordedAsStoppingThenStopped() {
    String id = create();
    runtime.emit(RuntimeEvent.of(id, Phase.RUNNING));
    awaitPhase(id, Phase.RUNNING);
    runtime.emit(RuntimeEvent.of(id, Phase.STOPPED));
    awaitPhase(id, Phase.STOPPED);
    assertThat(history(id))
        .containsExactly(
            Phase.PENDING, Phase.CREATING, Phase.RUNNING, Phase.STOPPING, Phase.STOPPED);
  }

  @Test
  void startFailureBecomesFailedWithTheRuntimeConditionOnce() {
    String id = create();
    Condition notFound = Condition.of("cloneFailed", "repository not found: https://h/o/r.git");
    runtime.emit(new RuntimeEvent(id, Phase.FAILED, List.of(notFound), Instant.now()));
    runtime
        .starts
        .get(id)
        .completeExceptionally(
            new WorkspaceRuntimeException(
                WorkspaceRuntimeException.ErrorCode.CLONE_FAILED, notFound.message()));
    WorkspaceRecord failed = awaitPhase(id, Phase.FAILED);
    settle();
    assertThat(repository.find(id).orElseThrow().conditions())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.toString())
                    .isEqualTo("cloneFailed: repository not found: https://h/o/r.git"));
    assertThat(failed.conditions()).hasSize(1);
    assertThat(history(id)).containsExactly(Phase.PENDING, Phase.FAILED);
    assertThat(meters.get("atelier.workspace.start.failures").counter().count()).isEqualTo(1);
  }

  @Test
  void runtimeCleaningUpAfterAFailureDoesNotHideIt() {
    String id = create();
    runtime
        .starts
        .get(id)
        .completeExceptionally(
            new WorkspaceRuntimeException(
                WorkspaceRuntimeException.ErrorCode.COMMAND_FAILED,
                "postCreateCommand exited with 2"));
    awaitPhase(id, Phase.FAILED);
    runtime.emit(RuntimeEvent.of(id, Phase.STOPPING));
    runtime.emit(RuntimeEvent.of(id, Phase.STOPPED));
    settle();
    WorkspaceRecord w = repository.find(id).orElseThrow();
    assertThat(w.phase()).isEqualTo(Phase.FAILED);
    assertThat(w.conditions().get(0).type()).isEqualTo("commandFailed");
  }

  @Test
  void stopDuringStartEndsStoppedNotFailed() {
    String id = create();
    runtime.emit(RuntimeEvent.of(id, Phase.CREATING));
    awaitPhase(id, Phase.CREATING);
    lifecycle.stop(id, w -> Optional.of(new WorkspaceLifecycle.Change(Phase.STOPPING, List.of())));
    runtime
        .starts
        .get(id)
        .completeExceptionally(
            new WorkspaceRuntimeException(
                WorkspaceRuntimeException.ErrorCode.START_FAILED, "interrupted by stop"));
    settle();
    assertThat(repository.find(id).orElseThrow().phase()).isEqualTo(Phase.STOPPING);
    runtime.stops.get(id).complete(null);
    awaitPhase(id, Phase.STOPPED);
    assertThat(history(id))
        .containsExactly(Phase.PENDING, Phase.CREATING, Phase.STOPPING, Phase.STOPPED);
  }

  @Test
  void stopReasonIsKeptWhenTheRuntimeReportsStoppedWithoutConditions() {
    String id = create();
    runtime.emit(RuntimeEvent.of(id, Phase.RUNNING));
    awaitPhase(id, Phase.RUNNING);
    Condition idle = Condition.of("idleTimeout", "Stopped after 30m without a client");
    lifecycle.stop(
        id, w -> Optional.of(new WorkspaceLifecycle.Change(Phase.STOPPING, List.of(idle))));
    runtime.emit(RuntimeEvent.of(id, Phase.STOPPED));
    WorkspaceRecord stopped = awaitPhase(id, Phase.STOPPED);
    assertThat(stopped.conditions()).extracting(Condition::type).containsExactly("idleTimeout");
    runtime.stops.get(id).complete(null);
    settle();
    assertThat(history(id))
        .containsExactly(
            Phase.PENDING, Phase.CREATING, Phase.RUNNING, Phase.STOPPING, Phase.STOPPED);
  }

  @Test
  void failedStopIsReportedAsFailed() {
    String id = create();
    runtime.emit(RuntimeEvent.of(id, Phase.RUNNING));
    awaitPhase(id, Phase.RUNNING);
    lifecycle.stop(id, w -> Optional.of(new WorkspaceLifecycle.Change(Phase.STOPPING, List.of())));
    runtime
        .stops
        .get(id)
        .completeExceptionally(
            new WorkspaceRuntimeException(
                WorkspaceRuntimeException.ErrorCode.IO, "cannot kill the sandbox"));
    WorkspaceRecord failed = awaitPhase(id, Phase.FAILED);
    assertThat(failed.conditions().get(0).toString()).isEqualTo("io: cannot kill the sandbox");
  }

  @Test
  void concurrentReportersNeverLoseATransition() throws Exception {
    String id = create();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 20; i++) {
                  lifecycle.transition(
                      id,
                      w ->
                          Optional.of(
                              new WorkspaceLifecycle.Change(
                                  w.phase(),
                                  List.of(
                                      Condition.of("progress", UUID.randomUUID().toString())))));
                }
              });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(repository.find(id).orElseThrow().version()).isEqualTo(80);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
