package dev.atelier.server.home;

import java.nio.file.Path;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Sets the database files H2 created at this start ({@code db/*.mv.db}, created with the process's
 * umask) to {@code 0600}, once the database is open and migrated and before requests are served.
 * The folders around them are set to {@code 0700} again (as {@link HomeFolder} does at start).
 */
@Component
class DatabaseFiles implements SmartInitializingSingleton {

  private final Path home;

  DatabaseFiles(@Value("${atelier.home}") Path home) {
    this.home = home;
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (HomeFolder.posix()) {
      Path root = home.toAbsolutePath().normalize();
      HomeFolder.secureFolder(root);
      HomeFolder.secureFolder(root.resolve("db"));
      HomeFolder.secureFiles(root.resolve("db"));
    }
  }
}
