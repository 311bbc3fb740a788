package dev.atelier.server.language;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.documents.CollabDocuments;
import dev.atelier.documents.WorkspaceText;
import dev.atelier.gateway.GatewayException;
import dev.atelier.gateway.WorkspaceUris;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.workspace.WorkspaceAccess;
import dev.atelier.server.workspace.WorkspaceRole;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextEdit;
import org.springframework.stereotype.Service;

/**
 * Applies a language server's edits (a rename's changes to files the user's page does not show) to
 * the files' collaborative documents through the document–file bridge, so that every collaborator
 * sees them and the bridge, the only writer of an open document's file, writes the file. Edits to
 * files the page shows are applied by the editor itself.
 */
@Service
public class LanguageEdits {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final CollabDocuments documents;
  private final WorkspaceAccess access;

  LanguageEdits(CollabDocuments documents, WorkspaceAccess access) {
    this.documents = documents;
    this.access = access;
  }

  /**
   * Applies {@code edits} (LSP ranges, as the server computed them on the document's current text)
   * to the document of {@code path}.
   *
   * @throws AtelierException {@code FORBIDDEN} without WRITE access, {@code VALIDATION_FAILED} for
   *     overlapping edits, a path outside the workspace or a file that cannot be a shared document,
   *     {@code RUNTIME_UNAVAILABLE} when the workspace's files cannot be reached
   */
  public void apply(String userId, String workspaceId, String path, List<TextEdit> edits) {
    access.require(userId, workspaceId, WorkspaceRole.WRITE);
    if (edits.isEmpty()) {
      return;
    }
    try {
      path = WorkspaceUris.normalizePath(path);
    } catch (GatewayException e) {
      throw new AtelierException(ErrorCode.VALIDATION_FAILED, e.getMessage());
    }
    try {
      documents.applyEdit(workspaceId, path, current -> applyTo(current, edits));
    } catch (WorkspaceText.Unavailable e) {
      throw new AtelierException(
          e.closeCode() == WorkspaceText.TRY_AGAIN_LATER
              ? ErrorCode.RUNTIME_UNAVAILABLE
              : ErrorCode.VALIDATION_FAILED,
          e.getMessage());
    }
  }

  /**
   * {@link #apply} with the edits as a JSON array of LSP {@code TextEdit}s (as the browser sends
   * them).
   *
   * @throws AtelierException {@code VALIDATION_FAILED} when it is not such an array
   */
  public void applyJson(String userId, String workspaceId, String path, String editsJson) {
    List<TextEdit> parsed;
    try {
      parsed = List.of(JSON.readValue(editsJson, TextEdit[].class));
    } catch (java.io.IOException | RuntimeException e) {
      throw new AtelierException(
          ErrorCode.VALIDATION_FAILED, "The edits are not a JSON array of LSP text edits.");
    }
    if (parsed.stream().anyMatch(e -> e == null || e.getRange() == null)) {
      throw new AtelierException(ErrorCode.VALIDATION_FAILED, "An edit has no range.");
    }
    apply(userId, workspaceId, path, parsed);
  }

  /** The text after the edits; ranges past the end are clamped, as editors do. */
  static String applyTo(String text, List<TextEdit> edits) {
    int[] starts = lineStarts(text);
    record Span(int from, int to, String insert) {}
    List<Span> spans = new ArrayList<>();
    for (TextEdit edit : edits) {
      int from = offset(text, starts, edit.getRange().getStart());
      int to = offset(text, starts, edit.getRange().getEnd());
      spans.add(new Span(Math.min(from, to), Math.max(from, to), edit.getNewText()));
    }
    spans.sort(Comparator.comparingInt(Span::from).thenComparingInt(Span::to));
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    for (Span span : spans) {
      if (span.from() < at) {
        throw new AtelierException(
            ErrorCode.VALIDATION_FAILED,
            "The language server returned overlapping edits; nothing was changed.");
      }
      out.append(text, at, span.from()).append(span.insert() == null ? "" : span.insert());
      at = span.to();
    }
    return out.append(text, at, text.length()).toString();
  }

  private static int[] lineStarts(String text) {
    int count = 1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        count++;
      }
    }
    int[] starts = new int[count];
    int line = 1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        starts[line++] = i + 1;
      }
    }
    return starts;
  }

  /** LSP characters are UTF-16 code units, like Java's. */
  private static int offset(String text, int[] starts, Position p) {
    if (p.getLine() >= starts.length) {
      return text.length();
    }
    int start = starts[p.getLine()];
    int end = p.getLine() + 1 < starts.length ? starts[p.getLine() + 1] - 1 : text.length();
    return Math.min(start + Math.max(0, p.getCharacter()), end);
  }
}
