package dev.atelier.server.collab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doReturn;

import dev.atelier.collab.client.CollabClient;
import dev.atelier.collab.crdt.Doc;
import dev.atelier.collab.crdt.Updates;
import dev.atelier.collab.protocol.Frame;
import dev.atelier.collab.protocol.SyncProtocol;
import dev.atelier.documents.CollabDocuments;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.server.events.EventBus;
import dev.atelier.server.events.FileDeletedEvent;
import dev.atelier.server.events.FileMovedEvent;
import dev.atelier.server.sockets.SocketRegistry;
import dev.atelier.server.testsupport.IntegrationTestSupport;
import dev.atelier.server.workspace.WorkspaceAccess;
import dev.atelier.server.workspace.WorkspaceRole;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * {@code /collab/...} end to end with Java y-websocket clients ({@link CollabClient}) against the
 * real server and local runtime: edits reach the file, disk edits reach every editor, roles, auth,
 * limits and bad input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = "atelier.collab.max-message-size=64KB")
class CollabSocketIntegrationTests extends IntegrationTestSupport {

  private static final Duration SYNC = Duration.ofSeconds(20);

  @MockitoSpyBean WorkspaceAccess access;
  @Autowired WorkspaceRuntime runtime;
  @Autowired CollabDocuments documents;
  @Autowired EventBus bus;
  @Autowired SocketRegistry sockets;

  private TestUser owner;
  private TestUser guest;
  private String workspaceId;

  @BeforeAll
  void workspace() {
    owner = newUser("collab-owner");
    guest = newUser("collab-guest");
    workspaceId =
        json(post("/api/workspaces", "{\"stack\":\"python\"}", owner.token())).path("id").asText();
    awaitPhase(workspaceId, owner.token(), "RUNNING");
  }

  private void guestIs(WorkspaceRole role) {
    doReturn(Optional.of(role)).when(access).role(eq(guest.account().id()), eq(workspaceId));
  }

  private CollabClient join(String path, String token) throws Exception {
    return CollabClient.connect(http, socketUri(path, token), Map.of())
        .get(20, TimeUnit.SECONDS)
        .awaitSynced(SYNC);
  }

  private URI socketUri(String path, String token) {
    return URI.create(
        "ws://localhost:"
            + port
            + "/collab/"
            + workspaceId
            + (path == null ? "" : "/" + path)
            + (token == null ? "" : "?token=" + token));
  }

  private String disk(String path) {
    try {
      return new String(runtime.files(workspaceId).read(path), StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Test
  void editReachesTheFileAndDiskEditsReachEveryEditor() throws Exception {
    String path = "notes/new-" + System.nanoTime() + ".txt";
    assertThat(disk(path)).isNull();
    CollabClient a = join(path, owner.token());
    assertThat(sockets.open("collab")).as("collab sockets are counted").isPositive();
    String cookie = login(owner.account().username(), "password-of-" + owner.account().username());
    CollabClient b =
        CollabClient.connect(http, socketUri(path, null), Map.of("Cookie", cookie))
            .get(20, TimeUnit.SECONDS)
            .awaitSynced(SYNC);
    List<Boolean> dirty = new CopyOnWriteArrayList<>();
    AutoCloseable subscription =
        documents.subscribe(workspaceId, (p, d) -> dirty.add(p.equals(path) ? d : null));
    try {
      long typed = System.nanoTime();
      a.append("hello");
      await(() -> "hello".equals(disk(path)), "the edit on disk");
      long onDisk = (System.nanoTime() - typed) / 1_000_000;
      // 300 ms debounce, plus the poll interval and a busy CI machine.
      assertThat(onDisk).isLessThan(1_500);
      await(() -> b.text().equals("hello"), "the edit at the second client");
      await(() -> dirty.contains(false), "the written transition");
      assertThat(dirty).containsSubsequence(true, false);
      assertThat(documents.isDirty(workspaceId, path)).isFalse();

      runtime.files(workspaceId).write(path, "hello world\n".getBytes(StandardCharsets.UTF_8));
      await(
          () -> a.text().equals("hello world\n") && b.text().equals("hello world\n"),
          "the disk edit in both editors");
      // No echo: the file keeps the disk edit, and a later edit merges with it.
      b.insert(0, ">> ");
      await(() -> ">> hello world\n".equals(disk(path)), "the merged text on disk");
      assertThat(a.text()).isEqualTo(">> hello world\n");

      a.append("more");
      await(() -> b.text().endsWith("more"), "the edit at the server (relayed to b)");
      documents.saveNow(workspaceId, path).get(10, TimeUnit.SECONDS);
      assertThat(disk(path)).isEqualTo(">> hello world\nmore");
    } finally {
      subscription.close();
      a.close();
      b.close();
    }
  }

  @Test
  void movedAndDeletedFilesMoveAndCloseTheirRooms() throws Exception {
    String dir = "moving-" + System.nanoTime();
    String from = dir + "/old.txt";
    String to = dir + "/renamed/new.txt";
    CollabClient editor = join(from, owner.token());
    editor.append("keep me");
    await(() -> "keep me".equals(disk(from)), "the first write");
    CollabClient watcher = join(from, owner.token());
    editor.append(" and me");
    // Relayed to the watcher = applied and logged by the server.
    await(() -> watcher.text().equals("keep me and me"), "the second edit at the server");
    // The explorer moves the file, then tells open documents (before the debounced write ran).
    runtime.files(workspaceId).move(from, to);
    bus.publish(new FileMovedEvent(workspaceId, from, to, false));
    CollabClient.Closed closed = editor.closed().get(20, TimeUnit.SECONDS);
    assertThat(closed.code()).isEqualTo(1001);
    assertThat(closed.reason()).contains(to);

    CollabClient reopened = join(to, owner.token());
    assertThat(reopened.text()).isEqualTo("keep me and me");
    await(() -> "keep me and me".equals(disk(to)), "the edit written at the new path");
    assertThat(disk(from)).isNull();

    runtime.files(workspaceId).delete(to);
    bus.publish(new FileDeletedEvent(workspaceId, to, false));
    assertThat(reopened.closed().get(20, TimeUnit.SECONDS).code()).isEqualTo(1001);
    CollabClient fresh = join(to, owner.token());
    assertThat(fresh.text()).isEmpty();
    fresh.close();
  }

  @Test
  void existingFileIsTheInitialContent() throws Exception {
    String path = "src/existing-" + System.nanoTime() + ".py";
    runtime.files(workspaceId).write(path, "print('hi')\n".getBytes(StandardCharsets.UTF_8));
    CollabClient a = join(path, owner.token());
    assertThat(sockets.open("collab")).as("collab sockets are counted").isPositive();
    try {
      assertThat(a.text()).isEqualTo("print('hi')\n");
    } finally {
      a.close();
    }
  }

  @Test
  void readOnlyPeerCannotChangeTheDocument() throws Exception {
    guestIs(WorkspaceRole.READ);
    String path = "readonly-" + System.nanoTime() + ".txt";
    CollabClient writer = join(path, owner.token());
    writer.append("original");
    CollabClient reader = join(path, guest.token());
    await(() -> reader.text().equals("original"), "the reader's sync");

    // A forged update: a real insert encoded by a foreign document, sent as a sync update.
    Doc forger = new Doc();
    Updates.applyUpdate(forger, reader.read(Updates::encodeStateAsUpdate));
    byte[] before = Updates.encodeStateVector(forger);
    forger.getText("content").insert(0, "EVIL ");
    byte[] forged = Updates.encodeStateAsUpdate(forger, before);
    reader.sendRaw(Frame.sync(SyncProtocol.update(forged)).encode());
    await(() -> !reader.denied().isEmpty(), "the permission-denied answer");

    writer.append("!");
    await(() -> reader.text().equals("original!"), "the writer's next edit at the reader");
    assertThat(writer.text()).isEqualTo("original!");
    await(() -> "original!".equals(disk(path)), "the file");
    assertThat(reader.isOpen()).isTrue();
    writer.close();
    reader.close();
  }

  @Test
  void presenceRoomSessionIsWritableByTheOwnerOnly() throws Exception {
    guestIs(WorkspaceRole.WRITE);
    CollabClient lead = join(null, owner.token());
    CollabClient student = join(null, guest.token());
    try {
      lead.edit(d -> d.getMap("session").set("leader", owner.account().id()));
      await(
          () -> owner.account().id().equals(student.read(d -> d.getMap("session").get("leader"))),
          "the lecture session at the student");
      student.edit(d -> d.getMap("session").set("leader", guest.account().id()));
      await(() -> !student.denied().isEmpty(), "the student's write being denied");
      Object leader = lead.read(d -> d.getMap("session").get("leader"));
      assertThat(leader).isEqualTo(owner.account().id());

      student.setAwareness("{\"user\":{\"name\":\"student\"},\"file\":null}");
      await(
          () -> lead.awarenessStates().containsKey(student.clientId()),
          "the student's awareness at the lead");
    } finally {
      lead.close();
      student.close();
    }
  }

  @Test
  void handshakeNeedsAuthenticationAndAWorkspaceRole() throws Exception {
    assertThatThrownBy(
            () ->
                CollabClient.connect(http, socketUri("a.txt", null), Map.of())
                    .get(20, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(WebSocketHandshakeException.class)
        .satisfies(
            e ->
                assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                    .isEqualTo(401));
    assertThatThrownBy(
            () ->
                CollabClient.connect(http, socketUri("a.txt", "atl_not-a-token"), Map.of())
                    .get(20, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(WebSocketHandshakeException.class);

    TestUser stranger = newUser("collab-stranger");
    CollabClient refused =
        CollabClient.connect(http, socketUri("a.txt", stranger.token()), Map.of())
            .get(20, TimeUnit.SECONDS);
    CollabClient.Closed closed = refused.closed().get(20, TimeUnit.SECONDS);
    assertThat(closed.code()).isEqualTo(4404);
    assertThat(closed.reason()).contains(workspaceId);
  }

  @Test
  void hostilePathsAreRefused() throws Exception {
    // The security chain's firewall refuses most of them at the handshake (400); whatever passes it
    // is closed by the endpoint with 1008 and a reason (CollabPathTests covers the parser).
    for (String path :
        List.of("%2e%2e/%2e%2e/etc/passwd", "a%00b", "a/%2Fetc", "a//b", "a/%01", "..")) {
      try {
        CollabClient c =
            CollabClient.connect(http, socketUri(path, owner.token()), Map.of())
                .get(20, TimeUnit.SECONDS);
        CollabClient.Closed closed = c.closed().get(20, TimeUnit.SECONDS);
        assertThat(closed.code()).as(path).isEqualTo(1008);
        assertThat(closed.reason()).as(path).isNotBlank();
      } catch (ExecutionException e) {
        assertThat(e.getCause()).as(path).isInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
            .as(path)
            .isEqualTo(400);
      }
    }
  }

  @Test
  void malformedAndOversizedFramesCloseOnlyTheirSender() throws Exception {
    String path = "limits-" + System.nanoTime() + ".txt";
    CollabClient good = join(path, owner.token());
    CollabClient bad = join(path, owner.token());
    CollabClient big = join(path, owner.token());
    good.append("steady");
    await(() -> bad.text().equals("steady"), "the first sync");

    bad.sendRaw(new byte[] {0, 2, (byte) 0xff, (byte) 0xff, (byte) 0xff});
    CollabClient.Closed closed = bad.closed().get(20, TimeUnit.SECONDS);
    assertThat(closed.code()).isEqualTo(1007);
    assertThat(closed.reason()).isNotBlank();

    big.sendRaw(new byte[100 * 1024]);
    CollabClient.Closed tooBig = big.closed().get(20, TimeUnit.SECONDS);
    assertThat(tooBig.code()).isEqualTo(1009);
    assertThat(tooBig.reason()).contains("limit");

    CollabClient other = join(path, owner.token());
    good.append(" still");
    await(() -> other.text().equals("steady still"), "edits after the bad peers left");
    assertThat(good.isOpen()).isTrue();
    good.close();
    other.close();
  }

  private static void await(BooleanSupplier condition, String what) {
    Awaitility.await(what)
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(10))
        .until(condition::getAsBoolean);
  }
}
