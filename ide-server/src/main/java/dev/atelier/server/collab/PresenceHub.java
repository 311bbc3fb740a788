package dev.atelier.server.collab;

import dev.atelier.collab.hub.DocumentHub;
import dev.atelier.collab.hub.RoomId;
import dev.atelier.documents.MemoryDocumentStore;
import dev.atelier.documents.autoconfigure.CollabProperties;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The hub of the workspaces' presence rooms ({@code /collab/{workspaceId}}): awareness plus the
 * owner-only {@code session} map of lecture mode, one room per workspace, kept in memory only (it
 * describes the people connected now). A bean of its own, apart from the documents' hub, so that
 * other features can reach a workspace's presence room.
 */
@Component
class PresenceHub implements DisposableBean {

  /** The one presence room of a workspace lives under this path in the hub. */
  static final String PRESENCE_PATH = "presence";

  private final DocumentHub hub;

  PresenceHub(CollabProperties properties) {
    this.hub =
        new DocumentHub(
            new MemoryDocumentStore(),
            room -> "",
            // In memory: nothing to sync, so commits run on the socket threads.
            CollabConfiguration.hubOptions(properties)
                .withMaxDocumentBytes(1 << 20)
                .withCommitThreads(0));
  }

  DocumentHub hub() {
    return hub;
  }

  /** The presence room of {@code workspaceId}. */
  static RoomId room(String workspaceId) {
    return new RoomId(workspaceId, PRESENCE_PATH);
  }

  @Override
  public void destroy() {
    hub.close();
  }
}
