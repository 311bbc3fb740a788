/**
 * The document–file bridge: {@link dev.atelier.documents.CollabDocuments} is the only writer of an
 * open document's file and the only place that turns changes seen on disk into document edits;
 * {@link dev.atelier.documents.EditableText} is the one rule for what may be a shared document.
 * Plain Java; the Spring Boot auto-configuration is in {@code autoconfigure}.
 */
package dev.atelier.documents;
