package dev.atelier.extensions.builtin;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How Eclipse JDT LS is launched inside a workspace. JDT LS is not a single executable: it is an
 * Equinox application started with {@code java -jar plugins/org.eclipse.equinox.launcher_*.jar}
 * from its installation folder ({@code JDTLS_HOME}), or through the {@code jdtls} wrapper script
 * that some distributions put on the {@code PATH}.
 *
 * <p>Which one exists can only be seen inside the workspace (the sandbox or the pod has its own
 * file system), so the launch is a small POSIX shell script run there: it prefers {@code
 * JDTLS_HOME}, falls back to {@code jdtls} on the {@code PATH}, and otherwise prints {@link
 * #NOT_INSTALLED_MARKER} and exits with 127 (the shell's "command not found").
 *
 * <p>The installation is treated as read-only (a shared image layer or a read-only mount): its
 * {@code config_linux} folder is used as the Equinox <em>shared</em> configuration area, and the
 * writable configuration and the workspace data (index, build state) go to a per-workspace folder
 * below {@code $XDG_CACHE_HOME}, or {@code /tmp} when the stack does not set it. {@code /tmp} is
 * private to the workspace and outside the project, so the data never shows up in the file tree or
 * in {@code git status}; a stack can set {@code XDG_CACHE_HOME} to a persistent folder to keep the
 * index across restarts.
 */
final class JdtLanguageServer {

  /** Printed on stderr (and exit code 127) when neither JDT LS installation is found. */
  public static final String NOT_INSTALLED_MARKER = "atelier: Java language server not installed";

  /** The message users see, in the editor and in request errors. */
  public static final String NOT_INSTALLED_MESSAGE =
      "Java language server not installed (see docs/language-servers.md)";

  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]+");

  private JdtLanguageServer() {}

  /**
   * The per-workspace folder (as a shell expression evaluated inside the workspace) holding {@code
   * data/} and {@code config/}.
   */
  public static String stateDirectory(String workspaceId) {
    if (!SAFE_ID.matcher(workspaceId).matches()) {
      throw new IllegalArgumentException("workspace id must match " + SAFE_ID + ": " + workspaceId);
    }
    return "${XDG_CACHE_HOME:-/tmp}/atelier/jdtls/" + workspaceId;
  }

  /** JDT LS's {@code -data} folder, as a shell expression (see {@link #stateDirectory}). */
  public static String dataDirectory(String workspaceId) {
    return stateDirectory(workspaceId) + "/data";
  }

  /** JDT LS's writable {@code -configuration} folder, as a shell expression. */
  public static String configurationDirectory(String workspaceId) {
    return stateDirectory(workspaceId) + "/config";
  }

  /**
   * The JVM command line for an installation, without the leading {@code java}.
   *
   * @param jdtlsHome the installation folder (contains {@code plugins/} and {@code config_linux/})
   * @param launcherJar the {@code org.eclipse.equinox.launcher_*.jar} found in {@code plugins/}
   */
  public static List<String> javaArguments(
      String jdtlsHome, String launcherJar, String configurationDir, String dataDir) {
    List<String> args = new ArrayList<>();
    args.add("-Declipse.application=org.eclipse.jdt.ls.core.id1");
    args.add("-Dosgi.bundles.defaultStartLevel=4");
    args.add("-Declipse.product=org.eclipse.jdt.ls.core.product");
    args.add("-Dosgi.checkConfiguration=true");
    args.add("-Dosgi.sharedConfiguration.area=" + jdtlsHome + "/config_linux");
    args.add("-Dosgi.sharedConfiguration.area.readOnly=true");
    args.add("-Dosgi.configuration.cascaded=true");
    args.add("-Dlog.level=ALL");
    args.add("-Xms64m");
    args.add("-Xmx1G");
    args.add("--add-modules=ALL-SYSTEM");
    args.add("--add-opens");
    args.add("java.base/java.util=ALL-UNNAMED");
    args.add("--add-opens");
    args.add("java.base/java.lang=ALL-UNNAMED");
    args.add("-jar");
    args.add(launcherJar);
    args.add("-configuration");
    args.add(configurationDir);
    args.add("-data");
    args.add(dataDir);
    return args;
  }

  /**
   * The launch script for {@code /bin/sh -c}. {@code JDTLS_JAVA} selects the JVM (recent JDT LS
   * releases need Java 21); default {@code java} from the {@code PATH}.
   */
  public static String launchScript(String workspaceId) {
    List<String> javaArgs = javaArguments("$JDTLS_HOME", "$launcher", "$config", "$data");
    StringBuilder exec = new StringBuilder("exec \"${JDTLS_JAVA:-java}\"");
    for (String arg : javaArgs) {
      exec.append(' ').append(arg.contains("$") ? '"' + arg + '"' : Shell.quote(arg));
    }
    return String.join(
        "\n",
        "data=\"" + dataDirectory(workspaceId) + "\"",
        "config=\"" + configurationDirectory(workspaceId) + "\"",
        "if [ -n \"${JDTLS_HOME:-}\" ]; then",
        "  launcher=$(ls -1 \"$JDTLS_HOME\"/plugins/org.eclipse.equinox.launcher_*.jar 2>/dev/null"
            + " | sort | tail -n 1)",
        "  if [ -n \"$launcher\" ]; then",
        "    mkdir -p \"$data\" \"$config\"",
        "    " + exec,
        "  fi",
        "fi",
        "if command -v jdtls >/dev/null 2>&1; then",
        "  mkdir -p \"$data\"",
        "  exec jdtls -data \"$data\"",
        "fi",
        "echo "
            + Shell.quote(
                NOT_INSTALLED_MARKER
                    + " (JDTLS_HOME unset or without"
                    + " plugins/org.eclipse.equinox.launcher_*.jar, and no jdtls on the PATH)")
            + " >&2",
        "exit 127",
        "");
  }
}
