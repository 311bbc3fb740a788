package dev.atelier.stacks;

import dev.atelier.stacks.StackException.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable set of stacks by id, in a stable order. {@link #builtin()} is the catalog shipped
 * with Atelier: the files listed in {@value #BUILTIN_INDEX} (one file name per line, {@code #}
 * starts a comment), each parsed with its file name's stem as id. An index file is used rather than
 * classpath scanning so that the catalog loads the same way from a directory, a jar or a fat jar.
 */
public final class StackCatalog {

  /** Where the built-in stack files live on the class path. */
  public static final String BUILTIN_DIRECTORY = "dev/atelier/stacks/builtin/";

  /** The index of built-in stack files. */
  public static final String BUILTIN_INDEX = BUILTIN_DIRECTORY + "index.txt";

  private static final String SOURCE = "stack catalog";

  private final Map<String, Stack> stacks;

  private StackCatalog(Map<String, Stack> stacks) {
    this.stacks = Collections.unmodifiableMap(stacks);
  }

  /**
   * A catalog of the given stacks, in the given order.
   *
   * @throws StackException {@link ErrorCode#DUPLICATE} when two stacks share an id
   */
  public static StackCatalog of(List<Stack> stacks) {
    Map<String, Stack> byId = new LinkedHashMap<>();
    for (Stack stack : stacks) {
      Objects.requireNonNull(stack, "stack");
      if (byId.putIfAbsent(stack.id(), stack) != null) {
        throw new StackException(
            ErrorCode.DUPLICATE,
            SOURCE,
            "",
            "two stacks have the id \"" + stack.id() + "\", give each stack its own id");
      }
    }
    return new StackCatalog(byId);
  }

  /** The built-in catalog, loaded once. */
  public static StackCatalog builtin() {
    return Builtin.CATALOG;
  }

  /**
   * Loads a catalog from {@code directory} on the class path of {@code loader}, listed by {@code
   * directory + "index.txt"}.
   *
   * @param directory a resource directory ending in {@code /}, e.g. {@value #BUILTIN_DIRECTORY}
   * @throws StackException when the index or a listed file is missing or invalid
   */
  public static StackCatalog load(ClassLoader loader, String directory) {
    String indexName = directory + "index.txt";
    List<Stack> stacks = new ArrayList<>();
    for (String line : read(loader, indexName, indexName).lines().toList()) {
      String fileName = line.strip();
      if (fileName.isEmpty() || fileName.startsWith("#")) {
        continue;
      }
      String resource = directory + fileName;
      stacks.add(StackParser.parse(resource, read(loader, resource, indexName)));
    }
    return of(stacks);
  }

  private static String read(ClassLoader loader, String resource, String listedIn) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new StackException(
            ErrorCode.NOT_FOUND,
            resource,
            "",
            "not found on the class path"
                + (resource.equals(listedIn) ? "" : ", remove it from " + listedIn + " or add it"));
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** Every stack, in catalog order. */
  public List<Stack> all() {
    return List.copyOf(stacks.values());
  }

  /** The ids, in catalog order. */
  public List<String> ids() {
    return List.copyOf(stacks.keySet());
  }

  /** The stack with this id, if any. */
  public Optional<Stack> find(String id) {
    return Optional.ofNullable(id == null ? null : stacks.get(id));
  }

  /**
   * The stack with this id.
   *
   * @throws StackException {@link ErrorCode#NOT_FOUND}, listing the known ids
   */
  public Stack require(String id) {
    return find(id)
        .orElseThrow(
            () ->
                new StackException(
                    ErrorCode.NOT_FOUND,
                    SOURCE,
                    "",
                    "unknown stack \""
                        + id
                        + "\", choose one of: "
                        + String.join(", ", stacks.keySet())));
  }

  // Holder idiom: parsed on first use, once, without locking afterwards.
  private static final class Builtin {
    static final StackCatalog CATALOG =
        load(StackCatalog.class.getClassLoader(), BUILTIN_DIRECTORY);
  }
}
