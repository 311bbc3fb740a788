package dev.atelier.server.files;

/**
 * What the editor needs to know before opening a file.
 *
 * @param path workspace-relative path
 * @param size size in bytes
 * @param text whether the content looks like UTF-8 text (no NUL bytes, valid UTF-8); binary files
 *     are not opened as text
 * @param readOnly whether the editor must open it read-only because it is larger than {@link
 *     FileService#EDITABLE_LIMIT} (5 MB)
 */
public record FileDescription(String path, long size, boolean text, boolean readOnly) {}
