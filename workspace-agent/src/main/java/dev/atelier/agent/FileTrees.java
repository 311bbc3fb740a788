package dev.atelier.agent;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Removing a tree without ever following a link out of it: what the agent does for a delete, and
 * what the server does to workspace storage on the host while nothing of the workspace runs.
 */
public final class FileTrees {

  private FileTrees() {}

  /** Deletes a file, a link (not its target) or a folder with everything in it. */
  public static void deleteTree(Path target) throws IOException {
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(target);
      return;
    }
    Files.walkFileTree(
        target,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            try {
              Files.deleteIfExists(dir);
            } catch (DirectoryNotEmptyException again) {
              deleteTree(dir); // something was created meanwhile: one more pass
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
