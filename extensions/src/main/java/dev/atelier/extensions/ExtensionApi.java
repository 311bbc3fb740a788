package dev.atelier.extensions;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of the extension API this server offers. An extension names the API version it was
 * built against ({@code api-version} in its manifest); the server accepts it when the major
 * versions are equal and the extension's minor version is not newer than the server's (a minor
 * version only adds contribution points or methods with defaults; a major version changes or
 * removes them).
 */
public final class ExtensionApi {

  /** The API's major version: changes when a contribution point changes incompatibly. */
  public static final int MAJOR = 1;

  /** The API's minor version: changes when something is added. */
  public static final int MINOR = 0;

  /** {@code MAJOR.MINOR}, as written in manifests. */
  public static final String VERSION = MAJOR + "." + MINOR;

  private static final Pattern FORM = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})");

  private ExtensionApi() {}

  /**
   * Whether an extension that needs API {@code required} ({@code MAJOR.MINOR}) runs on this server.
   *
   * @throws IllegalArgumentException when {@code required} is not of the form {@code 1.0}
   */
  public static boolean isCompatible(String required) {
    Matcher m = FORM.matcher(required == null ? "" : required.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "api-version must look like " + VERSION + ", was \"" + required + "\"");
    }
    return Integer.parseInt(m.group(1)) == MAJOR && Integer.parseInt(m.group(2)) <= MINOR;
  }
}
