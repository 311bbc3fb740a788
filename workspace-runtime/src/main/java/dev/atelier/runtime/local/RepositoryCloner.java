package dev.atelier.runtime.local;

import dev.atelier.agent.FileTrees;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.transport.URIish;

/**
 * Clones a workspace's repository with JGit into a temporary folder next to the content and moves
 * it into place only when complete, so a failed or interrupted clone never leaves a half-filled
 * workspace that breaks the next start. Failures become {@code CLONE_FAILED} with a reason a user
 * understands: repository not found, authentication required, host unreachable, invalid URL.
 */
final class RepositoryCloner {

  private static final Set<String> REMOTE_SCHEMES =
      Set.of("http", "https", "ssh", "git", "ssh+git", "git+ssh");

  /** Network read timeout of a clone, in seconds; the overall bound is the start timeout. */
  private static final int TRANSPORT_TIMEOUT_SECONDS = 60;

  private final boolean allowLocal;

  RepositoryCloner(boolean allowLocal) {
    this.allowLocal = allowLocal;
  }

  /**
   * Clones {@code url} into {@code content} through {@code temp}.
   *
   * @param cancelled polled during the transfer; when it turns true the clone stops and {@code
   *     onCancel} is thrown
   */
  void cloneInto(
      String url,
      Path content,
      Path temp,
      BooleanSupplier cancelled,
      java.util.function.Supplier<WorkspaceRuntimeException> onCancel) {
    checkUrl(url);
    try {
      FileTrees.deleteTree(temp);
    } catch (IOException e) {
      throw new WorkspaceRuntimeException(
          ErrorCode.IO,
          "cannot remove the leftover of an earlier clone at " + temp + ": " + e.getMessage(),
          e);
    }
    try (Git git =
        Git.cloneRepository()
            .setURI(url)
            .setDirectory(temp.toFile())
            .setTimeout(TRANSPORT_TIMEOUT_SECONDS)
            .setProgressMonitor(new CancellingMonitor(cancelled))
            .call()) {
      git.getRepository().close();
    } catch (GitAPIException | JGitInternalException e) {
      deleteQuietly(temp);
      if (cancelled.getAsBoolean()) {
        throw onCancel.get();
      }
      throw new WorkspaceRuntimeException(ErrorCode.CLONE_FAILED, reason(url, e), e);
    } catch (RuntimeException e) {
      deleteQuietly(temp);
      throw e;
    }
    try {
      moveIntoPlace(temp, content);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new WorkspaceRuntimeException(
          ErrorCode.IO,
          "cannot move the cloned repository into the workspace: " + e.getMessage(),
          e);
    }
  }

  /**
   * Only remote URLs, unless local repositories are allowed: a path would expose the server's disk.
   */
  void checkUrl(String url) {
    URIish uri;
    try {
      uri = new URIish(url.strip());
    } catch (URISyntaxException e) {
      throw new WorkspaceRuntimeException(
          ErrorCode.CLONE_FAILED,
          "invalid repository URL '" + url + "', use https://host/owner/repo");
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean remote = scheme == null ? uri.getHost() != null : REMOTE_SCHEMES.contains(scheme);
    if (!remote && !allowLocal) {
      throw new WorkspaceRuntimeException(
          ErrorCode.CLONE_FAILED,
          "cloning local repositories ('" + url + "') is not allowed, use an https:// or ssh URL");
    }
    if (scheme != null && !remote && !scheme.equals("file")) {
      throw new WorkspaceRuntimeException(
          ErrorCode.CLONE_FAILED,
          "unsupported repository URL scheme '" + scheme + "', use https://");
    }
  }

  /** An explanation for the user: the first recognizable cause wins. */
  static String reason(String url, Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (t instanceof NoRemoteRepositoryException
          || message.contains("not found")
          || message.contains("does not appear to be a git repository")
          || message.contains("repository not found")) {
        return "repository not found: "
            + url
            + " (check the URL, or whether the repository is private)";
      }
      if (message.contains("authentication is required")
          || message.contains("not authorized")
          || message.contains("auth fail")
          || message.contains("authentication not supported")
          || message.contains("401")) {
        return "authentication required: "
            + url
            + " is private or needs credentials (public repositories only for now)";
      }
      if (t instanceof UnknownHostException) {
        return "host unreachable: unknown host " + t.getMessage() + " (check the URL)";
      }
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return "host unreachable: cannot connect to the host of " + url;
      }
      if (t instanceof SocketTimeoutException
          || message.contains("timed out")
          || message.contains("timeout")) {
        return "host unreachable: the host of " + url + " did not answer in time";
      }
      if (t instanceof URISyntaxException) {
        return "invalid repository URL '" + url + "'";
      }
    }
    return "clone of " + url + " failed: " + error.getMessage();
  }

  /**
   * Moves the clone in: by renaming the folder when the content folder is empty (atomic), else
   * entry by entry. A name clash fails instead of overwriting what the user has.
   */
  private static void moveIntoPlace(Path temp, Path content) throws IOException {
    boolean empty;
    try (var entries = Files.list(content)) {
      empty = entries.findAny().isEmpty();
    }
    if (empty) {
      Files.delete(content);
      Files.move(temp, content, StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    try (var entries = Files.list(temp)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        Path target = content.resolve(entry.getFileName().toString());
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          throw new IOException("the workspace already has '" + entry.getFileName() + "'");
        }
        Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
      }
    }
    Files.delete(temp);
  }

  private static void deleteQuietly(Path path) {
    try {
      FileTrees.deleteTree(path);
    } catch (IOException e) {
      // the next clone removes it before starting
    }
  }

  /** Lets a stop or the start timeout interrupt a transfer. */
  private record CancellingMonitor(BooleanSupplier cancelled) implements ProgressMonitor {
    @Override
    public void start(int totalTasks) {}

    @Override
    public void beginTask(String title, int totalWork) {}

    @Override
    public void update(int completed) {}

    @Override
    public void endTask() {}

    @Override
    public boolean isCancelled() {
      return cancelled.getAsBoolean();
    }

    @Override
    public void showDuration(boolean enabled) {}
  }
}
