package dev.atelier.gateway;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A document the gateway keeps open at a language server: the server-side text (from the {@link
 * dev.atelier.gateway.spi.DocumentSource} and {@code documentChanged}), its version, and the
 * sessions interested in it. Confined to its workspace's executor.
 */
final class TrackedDocument {

  final String path;
  final String languageId;
  final ManagedServer server;
  final Set<String> sessions = new LinkedHashSet<>();
  String text;
  int version;

  TrackedDocument(String path, String languageId, ManagedServer server, String text) {
    this.path = path;
    this.languageId = languageId;
    this.server = server;
    this.text = text;
    this.version = 1;
  }
}
