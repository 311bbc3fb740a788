package dev.atelier.server.files;

/**
 * What the editor needs to know before opening a file, by the one rule for editable text that the
 * document rooms apply too.
 *
 * @param path workspace-relative path
 * @param size size in bytes
 * @param text whether the content is UTF-8 text (valid UTF-8 throughout, no NUL byte); other files
 *     are not opened as text
 * @param readOnly whether the editor must open it read-only because it is larger than {@code
 *     maxEditableSize}
 * @param maxEditableSize the largest file that opens as a shared document ({@code
 *     atelier.collab.max-file-size}, in bytes)
 */
public record FileDescription(
    String path, long size, boolean text, boolean readOnly, long maxEditableSize) {}
