package dev.atelier.documents.autoconfigure;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of live collaboration ({@code atelier.collab.*}).
 *
 * @param storeDir where room logs and snapshots are kept (one folder per workspace); default {@code
 *     ${atelier.home}/collab}
 * @param maxMessageSize largest WebSocket message a peer may send; larger ones close the peer with
 *     1009
 * @param maxFileSize largest workspace file that can be opened as a shared document
 * @param maxDocumentSize largest stored CRDT state of one document (text plus edit history, before
 *     compaction); an update that would exceed it is refused with 1009
 * @param saveDelay the shared text is written to the workspace file this long after the last edit
 *     (at most 500 ms, so that tools reading the file see what was typed)
 * @param maxSaveDelay under continuous typing, the file is written at least this often
 * @param idleRoomTimeout a document without peers is closed (compacted, memory released) after this
 * @param sendBufferSize bytes queued for one peer that does not read; beyond it the peer is closed
 *     (1008) instead of holding server memory
 * @param commitThreads threads that sync document logs to disk and then relay the updates they hold
 *     (group commit: one sync covers every update of a room that arrived while the previous one
 *     ran; syncs of different rooms run in parallel and the file system merges them). The socket
 *     threads never wait for the disk. 1 to 256.
 */
@Validated
@ConfigurationProperties("atelier.collab")
public record CollabProperties(
    @NotNull Path storeDir,
    @DefaultValue("16MB") @NotNull DataSize maxMessageSize,
    @DefaultValue("5MB") @NotNull DataSize maxFileSize,
    @DefaultValue("32MB") @NotNull DataSize maxDocumentSize,
    @DefaultValue("300ms") @NotNull Duration saveDelay,
    @DefaultValue("2s") @NotNull Duration maxSaveDelay,
    @DefaultValue("30s") @NotNull Duration idleRoomTimeout,
    @DefaultValue("32MB") @NotNull DataSize sendBufferSize,
    @DefaultValue("8") @Min(1) @Max(256) int commitThreads) {

  public CollabProperties {
    if (saveDelay != null && (saveDelay.isNegative() || saveDelay.toMillis() > 500)) {
      throw new IllegalArgumentException(
          "atelier.collab.save-delay must be between 0 and 500ms (got "
              + saveDelay.toMillis()
              + "ms): files must follow the editor within half a second");
    }
    if (maxSaveDelay != null && saveDelay != null && maxSaveDelay.compareTo(saveDelay) < 0) {
      throw new IllegalArgumentException(
          "atelier.collab.max-save-delay must not be shorter than atelier.collab.save-delay");
    }
    if (maxMessageSize != null && maxMessageSize.toBytes() < 1024) {
      throw new IllegalArgumentException("atelier.collab.max-message-size must be at least 1KB");
    }
    if (maxFileSize != null
        && maxDocumentSize != null
        && maxDocumentSize.toBytes() < maxFileSize.toBytes()) {
      throw new IllegalArgumentException(
          "atelier.collab.max-document-size must be at least atelier.collab.max-file-size");
    }
  }
}
