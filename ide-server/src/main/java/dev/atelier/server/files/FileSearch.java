package dev.atelier.server.files;

import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceFiles.FileEntry;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.workspace.WorkspaceRole;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.springframework.stereotype.Service;

/**
 * Searches the text files of a workspace (not {@code .git}, not what {@code .gitignore} hides, not
 * binary files), bounded in matches, file size and time so that one search cannot hold a thread for
 * long; a pathological regular expression is cut off by the same deadline. Callers in the UI run it
 * off the UI thread.
 */
@Service
public class FileSearch {

  static final int MAX_MATCHES = 2000;
  public static final int MAX_FILES = 50_000;
  static final long MAX_FILE_SIZE = 2L * 1024 * 1024;
  static final long TIME_LIMIT_NANOS = 5_000_000_000L;
  static final int PREVIEW_CONTEXT = 60;
  static final int MAX_PREVIEW = 240;

  /**
   * What to look for.
   *
   * @param text the text or regular expression
   * @param caseSensitive match case exactly
   * @param regex {@code text} is a Java regular expression
   * @param wholeWord the match must not be part of a longer word
   */
  public record Query(String text, boolean caseSensitive, boolean regex, boolean wholeWord) {}

  /**
   * One matching line.
   *
   * @param line 1-based line number
   * @param column 1-based column of the match
   * @param preview the line (a window of it around the match when the line is long)
   * @param start start of the match within {@code preview}
   * @param end end of the match within {@code preview} (exclusive)
   */
  public record LineMatch(int line, int column, String preview, int start, int end) {}

  /** The matches of one file, in line order. */
  public record FileMatches(String path, List<LineMatch> matches) {}

  /**
   * The answer.
   *
   * @param files files with matches, in walk order (folders first, by name)
   * @param matchCount number of matches in {@code files}
   * @param truncated whether the search stopped at a bound (matches, files or time)
   * @param filesSearched how many text files were read
   */
  public record Result(
      List<FileMatches> files, int matchCount, boolean truncated, int filesSearched) {}

  private final FileService files;

  FileSearch(FileService files) {
    this.files = files;
  }

  /** Searches as {@code userId}, who needs READ. */
  public Result search(String userId, String workspaceId, Query query) {
    Pattern pattern = compile(query);
    WorkspaceFiles tree = files.files(userId, workspaceId, WorkspaceRole.READ);
    long deadline = System.nanoTime() + TIME_LIMIT_NANOS;
    List<FileMatches> found = new ArrayList<>();
    int[] counts = new int[2]; // matches, files searched
    boolean[] cut = new boolean[1];
    boolean complete =
        new TreeWalk(tree, MAX_FILES, deadline)
            .walk(
                file -> {
                  if (file.size() > MAX_FILE_SIZE) {
                    return true;
                  }
                  byte[] content;
                  try {
                    // bounded again: the file may have grown since it was listed
                    content = tree.read(file.path(), MAX_FILE_SIZE);
                  } catch (WorkspaceRuntimeException e) {
                    return true;
                  }
                  if (!TextDetection.isText(content)) {
                    return true;
                  }
                  counts[1]++;
                  List<LineMatch> lines =
                      searchFile(content, pattern, MAX_MATCHES - counts[0], deadline, cut);
                  if (!lines.isEmpty()) {
                    found.add(new FileMatches(file.path(), lines));
                    counts[0] += lines.size();
                  }
                  return counts[0] < MAX_MATCHES && !cut[0];
                });
    return new Result(List.copyOf(found), counts[0], !complete || cut[0], counts[1]);
  }

  /** The pattern for a query; a malformed regular expression is a 400 that says where. */
  static Pattern compile(Query query) {
    if (query.text() == null || query.text().isEmpty()) {
      throw new AtelierException(ErrorCode.VALIDATION_FAILED, "Enter something to search for.");
    }
    String source = query.regex() ? query.text() : Pattern.quote(query.text());
    if (query.wholeWord()) {
      source = "(?<![\\p{L}\\p{N}_])(?:" + source + ")(?![\\p{L}\\p{N}_])";
    }
    int flags = query.caseSensitive() ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    try {
      return Pattern.compile(source, flags);
    } catch (PatternSyntaxException e) {
      throw new AtelierException(
          ErrorCode.VALIDATION_FAILED,
          "The regular expression is not valid: "
              + e.getDescription()
              + " near index "
              + e.getIndex()
              + ".");
    }
  }

  static List<LineMatch> searchFile(
      byte[] content, Pattern pattern, int budget, long deadline, boolean[] cut) {
    String text = new String(content, StandardCharsets.UTF_8);
    List<LineMatch> matches = new ArrayList<>();
    int lineNumber = 0;
    int lineStart = 0;
    while (lineStart <= text.length() && matches.size() < budget) {
      int newline = text.indexOf('\n', lineStart);
      int lineEnd = newline < 0 ? text.length() : newline;
      lineNumber++;
      String line = text.substring(lineStart, lineEnd);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      try {
        Matcher m = pattern.matcher(new DeadlineCharSequence(line, deadline));
        while (m.find() && matches.size() < budget) {
          if (m.end() == m.start()) {
            break; // empty matches (e.g. ^) would flood the results
          }
          matches.add(preview(lineNumber, line, m.start(), m.end()));
        }
      } catch (DeadlineCharSequence.Expired e) {
        cut[0] = true;
        return matches;
      }
      if (newline < 0) {
        break;
      }
      lineStart = newline + 1;
    }
    if (matches.size() >= budget) {
      cut[0] = true;
    }
    return matches;
  }

  private static LineMatch preview(int line, String text, int start, int end) {
    if (text.length() <= MAX_PREVIEW) {
      return new LineMatch(line, start + 1, text, start, end);
    }
    int from = Math.max(0, start - PREVIEW_CONTEXT);
    int to = Math.min(text.length(), Math.max(end, from + MAX_PREVIEW));
    return new LineMatch(
        line, start + 1, text.substring(from, to), start - from, Math.min(end, to) - from);
  }

  /** All files of the workspace that git would see, for quick open. */
  public FileList fileList(String userId, String workspaceId) {
    WorkspaceFiles tree = files.files(userId, workspaceId, WorkspaceRole.READ);
    List<String> paths = new ArrayList<>();
    boolean complete =
        new TreeWalk(tree, MAX_FILES, System.nanoTime() + TIME_LIMIT_NANOS)
            .walk(
                (FileEntry file) -> {
                  paths.add(file.path());
                  return true;
                });
    return new FileList(List.copyOf(paths), !complete);
  }

  /**
   * The files of a workspace.
   *
   * @param paths workspace-relative paths
   * @param truncated whether the listing stopped at a bound (50,000 files or 5 s)
   */
  public record FileList(List<String> paths, boolean truncated) {}
}
