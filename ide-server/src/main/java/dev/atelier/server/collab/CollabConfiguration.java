package dev.atelier.server.collab;

import dev.atelier.collab.hub.HubOptions;
import dev.atelier.documents.autoconfigure.CollabProperties;
import dev.atelier.documents.autoconfigure.DocumentsAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code /collab/**} socket is an endpoint of the socket framework ({@link
 * CollabSocketHandler}). The document hub, the document–file bridge and the language gateway's
 * document source come from the {@code documents} module's auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
class CollabConfiguration {

  static HubOptions hubOptions(CollabProperties properties) {
    return DocumentsAutoConfiguration.hubOptions(properties);
  }
}
