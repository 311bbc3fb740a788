package dev.atelier.server.home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Makes {@code atelier.home} private before the database or anything else creates files in it: the
 * folder and its {@code db/} are created (or changed to) {@code rwx------}, and database files that
 * exist already to {@code rw-------}. Registered in {@code META-INF/spring.factories}, so it runs
 * as soon as the configuration is known. Only on POSIX file systems.
 */
public class HomeFolder implements EnvironmentPostProcessor {

  static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    String home = environment.getProperty("atelier.home");
    if (home == null || home.isBlank() || !posix()) {
      return;
    }
    Path root = Path.of(home).toAbsolutePath().normalize();
    secureFolder(root);
    secureFolder(root.resolve("db"));
    secureFiles(root.resolve("db"));
  }

  static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /** Creates {@code folder} with {@code 0700}, or sets an existing one to it. */
  static void secureFolder(Path folder) {
    try {
      if (Files.isDirectory(folder)) {
        Files.setPosixFilePermissions(folder, FOLDER);
      } else {
        Files.createDirectories(folder.getParent() == null ? folder : folder.getParent());
        Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(FOLDER));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot create or protect the data folder " + folder + " (atelier.home): " + e, e);
    }
  }

  /** Sets every regular file directly in {@code folder} to {@code 0600}. */
  static void secureFiles(Path folder) {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.setPosixFilePermissions(file, FILE);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot protect the database files in " + folder + ": " + e, e);
    }
  }
}
