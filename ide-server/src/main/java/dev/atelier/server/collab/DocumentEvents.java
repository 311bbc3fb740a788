package dev.atelier.server.collab;

import dev.atelier.documents.CollabDocuments;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.server.events.EventBus;
import dev.atelier.server.events.FileDeletedEvent;
import dev.atelier.server.events.FileMovedEvent;
import dev.atelier.server.events.WorkspaceDeletedEvent;
import dev.atelier.server.events.WorkspaceStatusEvent;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Tells the document–file bridge what the server's events say about files and workspaces: moves and
 * deletes through the files service, stopping and deleted workspaces.
 */
@Component
class DocumentEvents implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(DocumentEvents.class);

  private final List<AutoCloseable> subscriptions;

  DocumentEvents(EventBus bus, CollabDocuments documents) {
    subscriptions =
        List.of(
            bus.subscribe(
                FileMovedEvent.class,
                e -> documents.fileMoved(e.workspaceId(), e.from(), e.to(), e.directory())),
            bus.subscribe(
                FileDeletedEvent.class,
                e -> documents.fileDeleted(e.workspaceId(), e.path(), e.directory())),
            bus.subscribe(
                WorkspaceStatusEvent.class,
                e -> {
                  if (e.phase() == Phase.STOPPING
                      || e.phase() == Phase.STOPPED
                      || e.phase() == Phase.FAILED) {
                    documents.workspaceStopping(e.workspaceId());
                  }
                }),
            bus.subscribe(
                WorkspaceDeletedEvent.class, e -> documents.workspaceDeleted(e.workspaceId())));
  }

  @Override
  public void destroy() {
    for (AutoCloseable s : subscriptions) {
      try {
        s.close();
      } catch (Exception e) {
        log.debug("unsubscribing failed: {}", e.toString());
      }
    }
  }
}
