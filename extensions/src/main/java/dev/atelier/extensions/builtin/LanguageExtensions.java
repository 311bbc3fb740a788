package dev.atelier.extensions.builtin;

import dev.atelier.extensions.DebugAdapterContribution;
import dev.atelier.extensions.LanguageContribution;
import dev.atelier.extensions.LanguageContribution.Dialect;
import dev.atelier.extensions.LanguageContribution.ServerLaunchPlan;
import dev.atelier.extensions.ProblemMatcherContribution;
import dev.atelier.extensions.StackContribution;
import dev.atelier.extensions.host.BuiltinExtension;
import dev.atelier.extensions.host.ContributionValidator;
import dev.atelier.extensions.host.Extensions;
import dev.atelier.extensions.host.LanguageTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The languages Atelier ships with, each as an extension of its own (like VS Code's built-in
 * language extensions): its file patterns and editor syntax, its language server's launch where it
 * needs more than the stack's command, its problem matchers and its stack.
 */
public final class LanguageExtensions {

  private static final String STACKS = "/dev/atelier/extensions/builtin/stacks/";

  private LanguageExtensions() {}

  /** Every built-in language extension, in catalog order (Java, Python, Node, C/C++, formats). */
  public static List<BuiltinExtension> all() {
    return List.of(java(), python(), typescript(), cpp(), formats());
  }

  /**
   * The built-in languages alone as a {@link LanguageTable}, for code that runs without the
   * extension host (tests, benchmarks, the gateway created without one).
   */
  public static LanguageTable table() {
    try (Extensions builtins = Extensions.load(all(), null, ContributionValidator.NONE)) {
      return new LanguageTable(builtins.contributions().languages());
    }
  }

  static BuiltinExtension java() {
    return new BuiltinExtension(
        "atelier.java",
        c ->
            c.language(
                    LanguageContribution.of("java", "Java", "java", "**/*.java")
                        .withServerLauncher(LanguageExtensions::jdtls))
                .problemMatcher(new ProblemMatcherContribution("javac", JavacMatcher::new))
                .stack(stack("java-maven")));
  }

  /**
   * The built-in java stack says just {@code jdtls}: JDT LS is started by {@link
   * JdtLanguageServer}'s script, from {@code JDTLS_HOME} or a {@code jdtls} on the PATH.
   */
  static Optional<ServerLaunchPlan> jdtls(LanguageContribution.ServerLaunchRequest request) {
    List<String> argv = request.command();
    if (!argv.equals(List.of("jdtls")) && !argv.equals(List.of("/bin/sh", "-c", "jdtls"))) {
      return Optional.empty();
    }
    Map<String, String> env =
        request
            .settings()
            .apply("jdtls-home")
            .filter(home -> !home.isBlank())
            .map(home -> Map.of("JDTLS_HOME", home))
            .orElse(Map.of());
    return Optional.of(
        new ServerLaunchPlan(
            List.of("/bin/sh", "-c", JdtLanguageServer.launchScript(request.workspaceId())),
            env,
            JdtLanguageServer.NOT_INSTALLED_MESSAGE));
  }

  static BuiltinExtension python() {
    return new BuiltinExtension(
        "atelier.python",
        c ->
            c.language(LanguageContribution.of("python", "Python", "python", "**/*.{py,pyi}"))
                .problemMatcher(
                    new ProblemMatcherContribution("python-traceback", PythonTracebackMatcher::new))
                .debugAdapter(
                    new DebugAdapterContribution(
                        "python",
                        "Python (debugpy)",
                        List.of("python"),
                        List.of("/usr/bin/python3", "-m", "debugpy.adapter")))
                .stack(stack("python")));
  }

  static BuiltinExtension typescript() {
    return new BuiltinExtension(
        "atelier.typescript",
        c ->
            c.language(
                    LanguageContribution.of(
                            "typescript", "TypeScript", "typescript", "**/*.{ts,mts,cts}")
                        .withDialects(new Dialect("**/*.tsx", "typescriptreact")))
                .language(
                    LanguageContribution.of(
                        "typescriptreact", "TypeScript (JSX)", "tsx", "**/*.tsx"))
                .language(
                    LanguageContribution.of(
                            "javascript", "JavaScript", "javascript", "**/*.{js,mjs,cjs}")
                        .withDialects(new Dialect("**/*.jsx", "javascriptreact")))
                .language(
                    LanguageContribution.of(
                        "javascriptreact", "JavaScript (JSX)", "jsx", "**/*.jsx"))
                .problemMatcher(new ProblemMatcherContribution("tsc", TscMatcher::new))
                .stack(stack("node")));
  }

  static BuiltinExtension cpp() {
    return new BuiltinExtension(
        "atelier.cpp",
        c ->
            c.language(LanguageContribution.of("c", "C", "cpp", "**/*.c"))
                .language(
                    LanguageContribution.of("cpp", "C++", "cpp", "**/*.{h,cc,cpp,cxx,hh,hpp,hxx}"))
                .problemMatcher(new ProblemMatcherContribution("gcc", GccMatcher::new))
                .debugAdapter(
                    new DebugAdapterContribution(
                        "lldb", "C/C++ (lldb)", List.of("c", "cpp"), List.of("lldb-vscode-14")))
                .stack(stack("c-cpp")));
  }

  /** File formats the editor highlights that have no language server. */
  static BuiltinExtension formats() {
    return new BuiltinExtension(
        "atelier.formats",
        c ->
            c.language(LanguageContribution.of("json", "JSON", "json", "**/*.json"))
                .language(LanguageContribution.of("yaml", "YAML", "yaml", "**/*.{yaml,yml}"))
                .language(
                    LanguageContribution.of(
                        "markdown", "Markdown", "markdown", "**/*.{md,markdown}"))
                .language(LanguageContribution.of("xml", "XML", "xml", "**/*.{xml,xsd,svg}"))
                .language(LanguageContribution.of("html", "HTML", "html", "**/*.{html,htm}"))
                .language(LanguageContribution.of("css", "CSS", "css", "**/*.css"))
                .language(
                    LanguageContribution.of(
                        "shellscript",
                        "Shell",
                        "shell",
                        "**/*.{sh,bash,zsh}",
                        "**/.bashrc",
                        "**/.profile",
                        "**/.bash_profile",
                        "**/.zshrc")));
  }

  private static StackContribution stack(String id) {
    return StackContribution.fromResource(LanguageExtensions.class, STACKS + id + ".json");
  }
}
