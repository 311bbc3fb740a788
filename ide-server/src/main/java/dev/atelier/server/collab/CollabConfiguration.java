package dev.atelier.server.collab;

import dev.atelier.collab.hub.DocumentHub;
import dev.atelier.collab.hub.HubOptions;
import dev.atelier.collab.hub.RoomId;
import dev.atelier.collab.protocol.ProtocolLimits;
import dev.atelier.gateway.spi.DocumentSource;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires live collaboration: the document hub over a per-workspace {@code FileDocumentStore} under
 * {@code atelier.collab.store-dir} and the language gateway's {@link DocumentSource} backed by the
 * hub. The {@code /collab/**} socket is an endpoint of the socket framework ({@link
 * CollabSocketHandler}).
 */
@Configuration(proxyBeanMethods = false)
class CollabConfiguration {

  static HubOptions hubOptions(CollabProperties properties) {
    ProtocolLimits defaults = ProtocolLimits.DEFAULTS;
    return HubOptions.DEFAULTS
        .withLimits(
            new ProtocolLimits(
                (int) Math.min(Integer.MAX_VALUE, properties.maxMessageSize().toBytes()),
                defaults.maxAwarenessClients(),
                defaults.maxAwarenessStateBytes(),
                defaults.maxJsonDepth()))
        .withMaxDocumentBytes(properties.maxDocumentSize().toBytes())
        .withIdleRoomTimeout(properties.idleRoomTimeout())
        .withCommitThreads(properties.commitThreads());
  }

  @Configuration(proxyBeanMethods = false)
  static class Beans {

    @Bean(destroyMethod = "close")
    WorkspaceDocumentStore collabDocumentStore(CollabProperties properties) {
      return new WorkspaceDocumentStore(properties.storeDir());
    }

    @Bean
    WorkspaceText collabWorkspaceText(WorkspaceRuntime runtime, CollabProperties properties) {
      return new WorkspaceText(runtime, properties.maxFileSize().toBytes());
    }

    /** One room per workspace file, seeded from the file on first open. */
    @Bean(destroyMethod = "close")
    DocumentHub documentHub(
        WorkspaceDocumentStore store, WorkspaceText text, CollabProperties properties) {
      return new DocumentHub(
          store,
          room -> text.read(room.workspaceId(), room.path()).orElse(""),
          hubOptions(properties));
    }

    /**
     * The language gateway reads an open document's text from its room (what collaborators see,
     * possibly not yet written), and a closed one's from the file.
     */
    @Bean
    DocumentSource collabDocumentSource(
        DocumentHub hub, WorkspaceRuntime runtime, WorkspaceText text) {
      DocumentSource saved = DocumentSource.savedFiles(runtime);
      return (workspaceId, path) -> {
        RoomId room = new RoomId(workspaceId, path);
        if (hub.openRooms().contains(room)) {
          return Optional.of(hub.documentText(room));
        }
        return saved.currentText(workspaceId, path);
      };
    }
  }
}
