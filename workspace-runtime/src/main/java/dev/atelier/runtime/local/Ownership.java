package dev.atelier.runtime.local;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Gives workspace content to the sandbox's host uid ({@link HostIdentity}) when the server, running
 * as root, created it on the host. Never follows a symbolic link: a link's own owner changes
 * ({@code lchown}), never its target's.
 */
final class Ownership {

  private Ownership() {}

  /** {@code lchown} of one entry. */
  static void give(Path path, HostIdentity identity) throws IOException {
    Files.setAttribute(path, "unix:uid", identity.uid(), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(path, "unix:gid", identity.gid(), LinkOption.NOFOLLOW_LINKS);
  }

  /** Whether the entry (not a link's target) already belongs to the identity. */
  static boolean owns(Path path, HostIdentity identity) throws IOException {
    return ((Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS))
            == identity.uid()
        && ((Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS))
            == identity.gid();
  }

  /**
   * {@code lchown} of a whole tree, without following links (a link to a folder is changed itself,
   * its target is not entered). Only for trees no sandbox process can change meanwhile: a
   * workspace's content while it is not running.
   */
  static void giveTree(Path root, HostIdentity identity) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            give(dir, identity);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            give(file, identity);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
