package dev.atelier.extensions.host;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds extension jars for tests: Java sources compiled with the JDK's compiler against this JVM's
 * class path (the extension API), plus resources and a manifest.
 */
final class JarBuilder {

  private final Map<String, String> sources = new LinkedHashMap<>();
  private final Map<String, byte[]> resources = new LinkedHashMap<>();

  /** A Java source; its path is derived from the package and class name. */
  JarBuilder source(String className, String code) {
    sources.put(className.replace('.', '/') + ".java", code);
    return this;
  }

  JarBuilder resource(String path, String text) {
    resources.put(path, text.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  JarBuilder manifest(String properties) {
    return resource("META-INF/atelier-extension.properties", properties);
  }

  /** Compiles and writes the jar to {@code jar}; {@code work} holds the sources and classes. */
  Path build(Path work, Path jar) throws IOException {
    Path src = Files.createDirectories(work.resolve("src"));
    Path classes = Files.createDirectories(work.resolve("classes"));
    List<String> args =
        new ArrayList<>(
            List.of(
                "-d",
                classes.toString(),
                "-classpath",
                System.getProperty("java.class.path"),
                "--release",
                "17",
                "-proc:none"));
    for (var entry : sources.entrySet()) {
      Path file = src.resolve(entry.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, entry.getValue());
      args.add(file.toString());
    }
    if (!sources.isEmpty()) {
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      int code = javac.run(null, null, System.err, args.toArray(String[]::new));
      if (code != 0) {
        throw new IllegalStateException("the test extension did not compile");
      }
    }
    Files.createDirectories(jar.getParent());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        put(out, classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
      }
      for (var entry : resources.entrySet()) {
        put(out, entry.getKey(), entry.getValue());
      }
    }
    return jar;
  }

  /** Surefire runs tests from a manifest-only jar; it names the real class path separately. */
  private static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }

  private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
    out.putNextEntry(new JarEntry(name));
    OutputStream stream = out;
    stream.write(bytes);
    out.closeEntry();
  }
}
