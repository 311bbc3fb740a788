package dev.atelier.stacks;

import dev.atelier.stacks.StackException.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds a repository's own stack definition, as Codespaces and Gitpod do: the first of {@value
 * #ATELIER_STACK}, {@value #DEVCONTAINER} and {@value #ROOT_DEVCONTAINER} that exists is parsed
 * with id {@value StackParser#REPOSITORY_ID} and, when it has no {@code name}, the name {@value
 * #DEFAULT_NAME}. A file that exists but is invalid is an error, never silently skipped: the user
 * wrote it and expects it to be used.
 */
public final class RepositoryStacks {

  /** Atelier's own stack file; preferred over a devcontainer file when both exist. */
  public static final String ATELIER_STACK = ".atelier/stack.json";

  /** The usual devcontainer location. */
  public static final String DEVCONTAINER = ".devcontainer/devcontainer.json";

  /** The devcontainer location at the repository root. */
  public static final String ROOT_DEVCONTAINER = ".devcontainer.json";

  /** The paths looked at, relative to the repository root, in order of preference. */
  public static final List<String> CANDIDATES =
      List.of(ATELIER_STACK, DEVCONTAINER, ROOT_DEVCONTAINER);

  /** The name of a repository stack whose file has no {@code name}. */
  public static final String DEFAULT_NAME = "Repository stack";

  private RepositoryStacks() {}

  /**
   * Resolves the stack of a repository through a file reader.
   *
   * @param reader maps a path relative to the repository root to the file's content, or empty when
   *     the file does not exist; it may throw {@link UncheckedIOException} when a file cannot be
   *     read
   * @return the repository's stack, or empty when it has no stack file
   * @throws StackException when the first stack file found is invalid or unreadable
   */
  public static Optional<ResolvedStack> resolve(Function<String, Optional<String>> reader) {
    Objects.requireNonNull(reader, "reader");
    for (String candidate : CANDIDATES) {
      Optional<String> content;
      try {
        content = reader.apply(candidate);
      } catch (UncheckedIOException e) {
        throw unreadable(candidate, e.getCause());
      }
      if (content != null && content.isPresent()) {
        Stack stack =
            StackParser.parse(StackParser.REPOSITORY_ID, candidate, content.get(), DEFAULT_NAME);
        return Optional.of(new ResolvedStack(stack, candidate));
      }
    }
    return Optional.empty();
  }

  /**
   * Resolves the stack of a repository checked out at {@code root}. Only regular files inside
   * {@code root} are read: a stack file that is a symbolic link leading outside the repository is
   * refused, since the server reads it with its own rights.
   *
   * @return the repository's stack, or empty when it has no stack file
   * @throws StackException when the first stack file found is invalid, unreadable or not UTF-8
   */
  public static Optional<ResolvedStack> resolve(Path root) {
    Objects.requireNonNull(root, "root");
    return resolve(relative -> read(root, relative));
  }

  private static Optional<String> read(Path root, String relative) {
    Path file = root.resolve(relative);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      Path real = file.toRealPath();
      if (!real.startsWith(root.toRealPath())) {
        throw new StackException(
            ErrorCode.UNREADABLE,
            relative,
            "",
            "the file is a link to a location outside the repository, commit the stack file itself");
      }
      if (!Files.isRegularFile(real)) {
        throw new StackException(
            ErrorCode.UNREADABLE, relative, "", "not a regular file, make it a JSON file");
      }
      if (Files.size(real) > StackParser.MAX_LENGTH) {
        throw new StackException(
            ErrorCode.MALFORMED_JSON,
            relative,
            "",
            "the file is larger than "
                + (StackParser.MAX_LENGTH >> 10)
                + " KiB, a stack file should be a few KiB");
      }
      byte[] bytes = Files.readAllBytes(real);
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      throw new StackException(
          ErrorCode.UNREADABLE,
          relative,
          "",
          "the file is not UTF-8 text, save it as UTF-8",
          0,
          0,
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static StackException unreadable(String relative, IOException cause) {
    return new StackException(
        ErrorCode.UNREADABLE,
        relative,
        "",
        "cannot be read (" + cause.getMessage() + "), check the file's permissions",
        0,
        0,
        cause);
  }
}
