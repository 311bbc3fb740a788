package dev.atelier.extensions.host;

import dev.atelier.extensions.ExtensionApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The manifest of an extension jar: {@value #PATH}, a properties file (UTF-8) with {@code id},
 * {@code version}, {@code api-version} (the {@link ExtensionApi} version it needs) and {@code
 * class} (its {@link dev.atelier.extensions.AtelierExtension}); {@code name} is optional.
 *
 * @param id unique id, e.g. {@code acme.hello}
 * @param version the extension's own version
 * @param apiVersion the API version it needs, {@code MAJOR.MINOR}
 * @param className the fully qualified extension class
 * @param name a name for people (the id when absent)
 */
public record ExtensionManifest(
    String id, String version, String apiVersion, String className, String name) {

  /** Where the manifest is in a jar. */
  public static final String PATH = "META-INF/atelier-extension.properties";

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,39}");
  private static final Pattern CLASS =
      Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

  /**
   * Reads and checks a manifest.
   *
   * @throws IllegalArgumentException naming the key that is missing or malformed
   */
  public static ExtensionManifest read(InputStream in) throws IOException {
    Properties p = new Properties();
    p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    String id = require(p, "id", ID, "1-64 characters of a-z, 0-9, '.', '_', '-'");
    String version = require(p, "version", VERSION, "e.g. 1.2.0");
    String api = require(p, "api-version", Pattern.compile("\\d{1,4}\\.\\d{1,4}"), "e.g. 1.0");
    String className = require(p, "class", CLASS, "a fully qualified class name");
    String name = p.getProperty("name", id).strip();
    if (name.isEmpty() || name.length() > 80 || name.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "manifest key 'name' must be 1-80 characters without control characters");
    }
    return new ExtensionManifest(id, version, api, className, name);
  }

  private static String require(Properties p, String key, Pattern form, String hint) {
    String value = p.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("manifest key '" + key + "' is missing (" + hint + ")");
    }
    value = value.strip();
    if (!form.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "manifest key '" + key + "' is malformed: \"" + shorten(value) + "\" (" + hint + ")");
    }
    return value;
  }

  private static String shorten(String value) {
    String clean = value.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
  }
}
