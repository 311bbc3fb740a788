package dev.atelier.server.files;

import dev.atelier.server.account.AccountService;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The workspace files REST API, documented in {@code docs/api.md}. */
@RestController
@RequestMapping("/api/workspaces/{id}")
class FileController {

  private final FileService files;
  private final FileSearch search;
  private final AccountService accounts;

  FileController(FileService files, FileSearch search, AccountService accounts) {
    this.files = files;
    this.search = search;
    this.accounts = accounts;
  }

  /** Body of {@code POST /files}: an empty file, or a folder. */
  record CreateRequest(String path, boolean directory) {}

  /** Body of {@code POST /files/move}. */
  record MoveRequest(String from, String to) {}

  @GetMapping("/files")
  List<FileInfo> list(@PathVariable String id, @RequestParam(defaultValue = "") String path) {
    return files.list(user(), id, path);
  }

  @GetMapping("/files/stat")
  FileInfo stat(@PathVariable String id, @RequestParam String path) {
    return files.stat(user(), id, path);
  }

  @GetMapping("/files/describe")
  FileDescription describe(@PathVariable String id, @RequestParam String path) {
    return files.describe(user(), id, path);
  }

  @GetMapping("/files/content")
  ResponseEntity<byte[]> content(@PathVariable String id, @RequestParam String path) {
    byte[] content = files.read(user(), id, path);
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_OCTET_STREAM)
        .header("X-Content-Type-Options", "nosniff")
        .body(content);
  }

  @PostMapping("/files")
  ResponseEntity<FileInfo> create(@PathVariable String id, @RequestBody CreateRequest request) {
    if (request.path() == null || request.path().isBlank()) {
      throw new AtelierException(ErrorCode.VALIDATION_FAILED, "Send the new path as 'path'.");
    }
    FileInfo created =
        request.directory()
            ? files.createFolder(user(), id, request.path())
            : files.createFile(user(), id, request.path());
    return ResponseEntity.created(location(id, created.path())).body(created);
  }

  @PostMapping("/files/move")
  FileInfo move(@PathVariable String id, @RequestBody MoveRequest request) {
    if (request.from() == null || request.to() == null) {
      throw new AtelierException(
          ErrorCode.VALIDATION_FAILED, "Send both 'from' and 'to' (workspace-relative paths).");
    }
    return files.move(user(), id, request.from(), request.to());
  }

  @DeleteMapping("/files")
  ResponseEntity<Void> delete(@PathVariable String id, @RequestParam String path) {
    files.delete(user(), id, path);
    return ResponseEntity.noContent().build();
  }

  @PostMapping(value = "/files/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<List<FileInfo>> upload(
      @PathVariable String id,
      @RequestParam(defaultValue = "") String dir,
      @RequestParam(defaultValue = "false") boolean overwrite,
      @RequestParam("file") List<MultipartFile> parts)
      throws IOException {
    String folder = WorkspacePaths.normalize(dir);
    List<FileInfo> written = new ArrayList<>();
    for (MultipartFile part : parts) {
      String name = WorkspacePaths.name(uploadName(part.getOriginalFilename()));
      written.add(
          files.write(user(), id, WorkspacePaths.child(folder, name), part.getBytes(), overwrite));
    }
    return ResponseEntity.status(201).body(written);
  }

  /**
   * A file as an attachment, or a folder as a zip written while it is read. Access and the path are
   * checked before the first byte, so errors are still problem documents.
   */
  @GetMapping("/files/download")
  void download(
      @PathVariable String id,
      @RequestParam(defaultValue = "") String path,
      HttpServletResponse response)
      throws IOException {
    String userId = user();
    String normalized = WorkspacePaths.normalize(path);
    boolean folder = normalized.isEmpty() || files.stat(userId, id, normalized).directory();
    if (!folder) {
      byte[] content = files.read(userId, id, normalized);
      response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
      response.setHeader(HttpHeaders.CONTENT_DISPOSITION, attachment(baseName(id, normalized)));
      response.setContentLengthLong(content.length);
      response.getOutputStream().write(content);
      return;
    }
    files.list(userId, id, normalized); // fails before the headers when it cannot be read
    response.setContentType("application/zip");
    response.setHeader(
        HttpHeaders.CONTENT_DISPOSITION, attachment(baseName(id, normalized) + ".zip"));
    files.zip(userId, id, normalized, response.getOutputStream());
  }

  @GetMapping("/search")
  FileSearch.Result search(
      @PathVariable String id,
      @RequestParam("q") String query,
      @RequestParam(name = "case", defaultValue = "false") boolean caseSensitive,
      @RequestParam(defaultValue = "false") boolean regex,
      @RequestParam(name = "word", defaultValue = "false") boolean wholeWord) {
    return search.search(user(), id, new FileSearch.Query(query, caseSensitive, regex, wholeWord));
  }

  private String user() {
    return accounts.currentUser().id();
  }

  private static String uploadName(String original) {
    if (original == null) {
      return null;
    }
    // some browsers send a full client-side path
    int cut = Math.max(original.lastIndexOf('/'), original.lastIndexOf('\\'));
    return original.substring(cut + 1);
  }

  private static String baseName(String workspaceId, String path) {
    return path.isEmpty() ? workspaceId : WorkspacePaths.fileName(path);
  }

  private static String attachment(String name) {
    return ContentDisposition.attachment()
        .filename(name, StandardCharsets.UTF_8)
        .build()
        .toString();
  }

  private static URI location(String id, String path) {
    return URI.create(
        "/api/workspaces/"
            + id
            + "/files/stat?path="
            + URLEncoder.encode(path, StandardCharsets.UTF_8));
  }
}
