/**
 * Text positions in the protocol's UTF-16 encoding and the incremental change computed between two
 * versions of a document, used to send {@code textDocument/didChange} as small edits.
 */
package dev.atelier.gateway.text;
