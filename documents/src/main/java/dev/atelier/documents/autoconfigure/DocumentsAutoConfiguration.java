package dev.atelier.documents.autoconfigure;

import dev.atelier.collab.hub.DocumentHub;
import dev.atelier.collab.hub.HubOptions;
import dev.atelier.collab.hub.RoomId;
import dev.atelier.collab.protocol.ProtocolLimits;
import dev.atelier.documents.CollabDocuments;
import dev.atelier.documents.EditableText;
import dev.atelier.documents.WorkspaceDocumentStore;
import dev.atelier.documents.WorkspaceText;
import dev.atelier.documents.WorkspaceWatches;
import dev.atelier.gateway.LanguageGateway;
import dev.atelier.gateway.spi.DocumentSource;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The shared documents of workspace files over the application's {@link WorkspaceRuntime}: the
 * document hub over a per-workspace store under {@code atelier.collab.store-dir}, the {@link
 * EditableText} rule, the document–file bridge {@link CollabDocuments}, and the language gateway's
 * {@link DocumentSource} backed by the hub. A {@link WorkspaceWatches} bean (the application's one
 * shared watch per workspace) replaces the default runtime watch of the bridge's own.
 */
@AutoConfiguration(
    afterName = {
      "dev.atelier.runtime.autoconfigure.WorkspaceRuntimeAutoConfiguration",
      "dev.atelier.runtime.autoconfigure.KubernetesRuntimeConfiguration"
    },
    beforeName = "dev.atelier.gateway.autoconfigure.LanguageGatewayAutoConfiguration")
@ConditionalOnBean(WorkspaceRuntime.class)
@EnableConfigurationProperties(CollabProperties.class)
public class DocumentsAutoConfiguration {

  /** The hub options {@code atelier.collab.*} asks for (also for the presence hub). */
  public static HubOptions hubOptions(CollabProperties properties) {
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

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public WorkspaceDocumentStore collabDocumentStore(CollabProperties properties) {
    return new WorkspaceDocumentStore(properties.storeDir());
  }

  @Bean
  @ConditionalOnMissingBean
  public EditableText editableText(CollabProperties properties) {
    return new EditableText(properties.maxFileSize().toBytes());
  }

  @Bean
  @ConditionalOnMissingBean
  public WorkspaceText collabWorkspaceText(WorkspaceRuntime runtime, EditableText rule) {
    return new WorkspaceText(runtime::files, rule);
  }

  /** One room per workspace file, seeded from the file on first open. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public DocumentHub documentHub(
      WorkspaceDocumentStore store, WorkspaceText text, CollabProperties properties) {
    return new DocumentHub(
        store,
        room -> text.read(room.workspaceId(), room.path()).orElse(""),
        hubOptions(properties));
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public CollabDocuments collabDocuments(
      DocumentHub hub,
      WorkspaceDocumentStore store,
      WorkspaceText text,
      WorkspaceRuntime runtime,
      ObjectProvider<WorkspaceWatches> watches,
      CollabProperties properties,
      ObjectProvider<LanguageGateway> gateway) {
    return new CollabDocuments(
        hub,
        store,
        text,
        watches.getIfAvailable(() -> WorkspaceWatches.direct(runtime::files)),
        properties.saveDelay(),
        properties.maxSaveDelay(),
        gateway::getIfAvailable);
  }

  /**
   * The language gateway reads an open document's text from its room (what collaborators see,
   * possibly not yet written), and a closed one's from the file.
   */
  @Bean
  @ConditionalOnMissingBean
  public DocumentSource collabDocumentSource(DocumentHub hub, WorkspaceRuntime runtime) {
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
