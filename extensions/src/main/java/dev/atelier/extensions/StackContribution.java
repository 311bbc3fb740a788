package dev.atelier.extensions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A stack for the catalog, written in the stack file format (docs/stacks.md: a devcontainer.json
 * subset plus {@code customizations.atelier}). The server parses it when the extension is loaded; a
 * stack that does not parse refuses the extension.
 *
 * @param id the stack id (unique across the catalog)
 * @param sourceName where the text came from, for error messages
 * @param json the stack file's text
 */
public record StackContribution(String id, String sourceName, String json) {

  public StackContribution {
    Ids.id("stack id", id);
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(json, "json");
  }

  /**
   * The stack file {@code resource} on {@code anchor}'s class path (the extension's own jar); its
   * file name without {@code .json} is the id.
   *
   * @throws UncheckedIOException when the resource is missing or unreadable
   */
  public static StackContribution fromResource(Class<?> anchor, String resource) {
    String name = resource.substring(resource.lastIndexOf('/') + 1);
    String id = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("stack file " + resource + " not found next to " + anchor.getName());
      }
      return new StackContribution(
          id, resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }
}
