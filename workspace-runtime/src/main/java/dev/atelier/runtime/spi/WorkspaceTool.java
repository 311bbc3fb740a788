package dev.atelier.runtime.spi;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Java program of the server's that runs <em>inside</em> a workspace, as the workspace's user,
 * like any other process there: a debug adapter, a language server, the Git worker. Its classes
 * come from the server's own class path: every class and resource under one of {@code
 * classPrefixes} is packed into one jar that the runtime makes visible inside workspaces; {@link
 * WorkspaceRuntime#toolCommand} gives the command line that runs it.
 *
 * @param id unique name, lower-case letters, digits and dashes, e.g. {@code git-worker}
 * @param mainClass the fully qualified main class, which must lie under one of the prefixes
 * @param classPrefixes class-path folders ({@code org/eclipse/jgit/}, ending with {@code /}) or
 *     single resources ({@code META-INF/services/x.Y}) to pack
 * @param jvmOptions options for the JVM that runs it, e.g. {@code -Xmx256m}
 */
public record WorkspaceTool(
    String id, String mainClass, List<String> classPrefixes, List<String> jvmOptions) {

  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,39}");
  private static final Pattern PREFIX =
      Pattern.compile("[A-Za-z0-9_$.\\-]+(/[A-Za-z0-9_$.\\-]+)*/?");
  private static final Pattern OPTION = Pattern.compile("-[A-Za-z][^\\s]*");

  public WorkspaceTool {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "tool id must be lower-case letters, digits, dashes: " + id);
    }
    Objects.requireNonNull(mainClass, "mainClass");
    classPrefixes = List.copyOf(classPrefixes);
    jvmOptions = List.copyOf(jvmOptions);
    if (classPrefixes.isEmpty()) {
      throw new IllegalArgumentException("tool " + id + " needs at least one class prefix");
    }
    for (String prefix : classPrefixes) {
      if (!PREFIX.matcher(prefix).matches() || prefix.contains("..")) {
        throw new IllegalArgumentException("tool " + id + ": bad class prefix " + prefix);
      }
    }
    String mainEntry = mainClass.replace('.', '/') + ".class";
    if (classPrefixes.stream().noneMatch(p -> p.endsWith("/") && mainEntry.startsWith(p))) {
      throw new IllegalArgumentException(
          "tool " + id + ": main class " + mainClass + " is not under its class prefixes");
    }
    for (String option : jvmOptions) {
      if (!OPTION.matcher(option).matches()) {
        throw new IllegalArgumentException("tool " + id + ": bad JVM option " + option);
      }
    }
  }

  public WorkspaceTool(String id, String mainClass, List<String> classPrefixes) {
    this(id, mainClass, classPrefixes, List.of());
  }
}
