package dev.atelier.extensions.autoconfigure;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code atelier.extensions.*}: where third-party extensions come from. */
@ConfigurationProperties("atelier.extensions")
public class ExtensionsProperties {

  /**
   * The folder whose {@code *.jar} files are loaded as extensions at start-up. Default: {@code
   * extensions} in {@code atelier.home}; no jars are loaded when neither is set.
   */
  private Path directory;

  /** Whether jars of {@link #directory} are loaded at all (built-in extensions always are). */
  private boolean loadJars = true;

  public Path getDirectory() {
    return directory;
  }

  public void setDirectory(Path directory) {
    this.directory = directory;
  }

  public boolean isLoadJars() {
    return loadJars;
  }

  public void setLoadJars(boolean loadJars) {
    this.loadJars = loadJars;
  }
}
