package dev.atelier.runtime.local;

import dev.atelier.agent.Agent;
import dev.atelier.runtime.agent.AgentLaunch;
import dev.atelier.runtime.internal.ToolJars;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import dev.atelier.runtime.spi.WorkspaceTool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The workspace agent's jar and the Java that runs it. The jar is written from the agent classes
 * and JNA (classes and Linux natives, which the agent extracts into the sandbox's {@code /tmp} when
 * it runs its first process) on the server's own class path (a folder, a jar, or a jar nested in
 * the server's executable jar) into {@code <root>/.sandbox/agent/}, a folder of the server's that
 * workspaces cannot write; inside a sandbox it is mounted read-only at {@link #SANDBOX_JAR}, and
 * the server's Java at {@link #SANDBOX_JDK} unless it already lies under {@code /usr} (which every
 * sandbox sees).
 */
final class AgentInstall {

  static final String SANDBOX_JAR = "/opt/atelier/agent.jar";
  static final String SANDBOX_JDK = "/opt/atelier/jdk";
  static final String SANDBOX_TOOLS = "/opt/atelier/tools";
  private static final String TOOLS = "tools";
  private static final List<String> JVM_VARIABLES =
      List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "CLASSPATH");
  private static final String PACKAGE = "dev/atelier/agent/";

  /** JNA, which the agent loads to run processes: its classes and its Linux natives. */
  private static final String JNA = "com/sun/jna/";

  private final Path jar;
  private final Path javaHome;

  /** The tools whose jar this server process already wrote (or found equal) in {@code tools/}. */
  private final Map<String, WorkspaceTool> packed = new ConcurrentHashMap<>();

  private AgentInstall(Path jar, Path javaHome) {
    this.jar = jar;
    this.javaHome = javaHome;
  }

  /** Writes the jar under {@code folder} (again only when its content changed). */
  static AgentInstall prepare(Path folder) {
    try {
      Files.createDirectories(folder);
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path tools = Files.createDirectories(folder.resolve(TOOLS));
      Files.setPosixFilePermissions(tools, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path jar = folder.resolve("atelier-agent.jar");
      byte[] content = build();
      writeIfChanged(jar, content);
      return new AgentInstall(jar, Path.of(System.getProperty("java.home")).toRealPath());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the workspace agent's jar into " + folder, e);
    }
  }

  /** Replaces {@code jar} atomically when its bytes differ from {@code content}. */
  private static void writeIfChanged(Path jar, byte[] content) throws IOException {
    if (!Files.exists(jar) || !java.util.Arrays.equals(Files.readAllBytes(jar), content)) {
      Path temp = Files.createTempFile(jar.getParent(), "jar-", ".tmp");
      Files.write(temp, content);
      // readable by the sandbox user (another uid when the server is root), writable by no one
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("r--r--r--"));
      Files.move(temp, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * The command line of a tool: in a sandbox its jar is under {@link #SANDBOX_TOOLS} (the {@code
   * tools/} folder, mounted read-only), without a sandbox it runs from the host folder. The jar is
   * packed on first use by this server process.
   */
  List<String> toolCommand(WorkspaceTool tool, List<String> args, boolean sandboxed) {
    Path toolJar = jar.getParent().resolve(TOOLS).resolve(tool.id() + ".jar");
    WorkspaceTool written =
        packed.computeIfAbsent(
            tool.id(),
            id -> {
              try {
                writeIfChanged(toolJar, ToolJars.build(tool));
              } catch (IOException e) {
                throw new WorkspaceRuntimeException(
                    ErrorCode.START_FAILED, "cannot prepare " + id + ": " + e.getMessage(), e);
              }
              return tool;
            });
    if (!written.equals(tool)) {
      // one jar per id: a second, different declaration would run the first one's classes
      throw new WorkspaceRuntimeException(
          ErrorCode.START_FAILED,
          "two different tools are named " + tool.id() + ": " + written + " and " + tool);
    }
    List<String> argv = new ArrayList<>();
    // The stack's environment comes from the repository: it must not load code into the tool's
    // JVM (a -javaagent in JAVA_TOOL_OPTIONS) or change its class path.
    argv.add("/usr/bin/env");
    for (String variable : JVM_VARIABLES) {
      argv.add("-u");
      argv.add(variable);
    }
    argv.add(sandboxed ? sandboxJava() : javaHome.resolve("bin/java").toString());
    argv.add("-Djava.io.tmpdir=/tmp");
    argv.addAll(tool.jvmOptions());
    argv.add("-cp");
    argv.add(sandboxed ? SANDBOX_TOOLS + "/" + toolJar.getFileName() : toolJar.toString());
    argv.add(tool.mainClass());
    argv.addAll(args);
    return argv;
  }

  private String sandboxJava() {
    return javaHome.startsWith("/usr/")
        ? javaHome.resolve("bin/java").toString()
        : SANDBOX_JDK + "/bin/java";
  }

  /** The folder of the jar. */
  Path folder() {
    return jar.getParent();
  }

  /**
   * bubblewrap options that make the jar (and Java, if needed) visible in a sandbox.
   *
   * @param folderSource where bubblewrap finds {@link #folder()} (a staged copy when it runs as
   *     another uid than the server)
   */
  List<String> bubblewrapArgs(String folderSource) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--ro-bind",
                folderSource + "/" + jar.getFileName(),
                SANDBOX_JAR,
                "--ro-bind",
                folderSource + "/" + TOOLS,
                SANDBOX_TOOLS));
    if (!javaHome.startsWith("/usr/")) {
      args.addAll(List.of("--ro-bind", javaHome.toString(), SANDBOX_JDK));
    }
    return args;
  }

  /** The agent's command line inside a sandbox, serving {@code /workspace}. */
  List<String> sandboxCommand(String workspacePath) {
    return command(sandboxJava(), SANDBOX_JAR, workspacePath);
  }

  /** The agent's command line on the host (no sandbox), serving the content folder. */
  List<String> hostCommand(Path content) {
    return command(javaHome.resolve("bin/java").toString(), jar.toString(), content.toString());
  }

  private static List<String> command(String java, String jar, String root) {
    return AgentLaunch.command(java, jar, root);
  }

  /**
   * A jar of the agent's classes, with stable entry order and times so equal input gives equal
   * bytes.
   */
  static byte[] build() throws IOException {
    TreeMap<String, byte[]> classes = agentClasses();
    if (!classes.containsKey(PACKAGE + "Agent.class")) {
      throw new IOException("the agent classes are not on the server's class path");
    }
    classes.putAll(jna());
    if (!classes.containsKey(JNA + "Native.class")) {
      throw new IOException("JNA is not on the server's class path");
    }
    return ToolJars.jar(Agent.class.getName(), classes);
  }

  /** JNA's classes and its Linux {@code libjnidispatch.so}s, from its jar on the class path. */
  private static TreeMap<String, byte[]> jna() throws IOException {
    TreeMap<String, byte[]> entries = new TreeMap<>();
    URL main = com.sun.jna.Native.class.getResource("Native.class");
    if (main != null && main.openConnection() instanceof JarURLConnection connection) {
      connection.setUseCaches(false);
      try (JarFile jarFile = connection.getJarFile()) {
        Enumeration<JarEntry> all = jarFile.entries();
        while (all.hasMoreElements()) {
          JarEntry entry = all.nextElement();
          String name = entry.getName();
          boolean wanted =
              name.startsWith(JNA)
                  && (name.endsWith(".class")
                      || (name.startsWith(JNA + "linux-") && name.endsWith("/libjnidispatch.so")));
          if (wanted) {
            try (InputStream in = jarFile.getInputStream(entry)) {
              entries.put(name, in.readAllBytes());
            }
          }
        }
      }
    }
    return entries;
  }

  private static TreeMap<String, byte[]> agentClasses() throws IOException {
    TreeMap<String, byte[]> classes = new TreeMap<>();
    URL main = Agent.class.getResource("Agent.class");
    if (main == null) {
      return classes;
    }
    if (main.getProtocol().equals("file")) {
      Path folder;
      try {
        folder = Path.of(main.toURI()).getParent();
      } catch (URISyntaxException e) {
        throw new IOException(e);
      }
      try (Stream<Path> files = Files.list(folder)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          if (file.getFileName().toString().endsWith(".class")) {
            classes.put(PACKAGE + file.getFileName(), Files.readAllBytes(file));
          }
        }
      }
    } else if (main.openConnection() instanceof JarURLConnection connection) {
      connection.setUseCaches(false);
      try (JarFile jarFile = connection.getJarFile()) {
        Enumeration<JarEntry> entries = jarFile.entries();
        while (entries.hasMoreElements()) {
          JarEntry entry = entries.nextElement();
          if (entry.getName().startsWith(PACKAGE)
              && entry.getName().endsWith(".class")
              && entry.getName().indexOf('/', PACKAGE.length()) < 0) {
            try (InputStream in = jarFile.getInputStream(entry)) {
              classes.put(entry.getName(), in.readAllBytes());
            }
          }
        }
      }
    }
    return classes;
  }
}
