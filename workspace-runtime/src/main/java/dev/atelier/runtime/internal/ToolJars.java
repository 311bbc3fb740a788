package dev.atelier.runtime.internal;

import dev.atelier.runtime.spi.WorkspaceTool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Packs a {@link WorkspaceTool}'s classes from the server's class path into one jar: a folder on
 * the class path, a jar, or a jar nested in the server's executable jar all work, and a prefix
 * found in several class-path entries (split packages such as {@code org/eclipse/lsp4j/}) takes the
 * entries of all of them (the first wins for the same name). Equal input gives equal bytes (sorted
 * entries, fixed times), so a runtime can compare before it writes.
 */
public final class ToolJars {

  private ToolJars() {}

  /**
   * @throws IOException when a prefix is found nowhere on the class path, or reading fails
   */
  public static byte[] build(WorkspaceTool tool) throws IOException {
    ClassLoader loader = ToolJars.class.getClassLoader();
    TreeMap<String, byte[]> entries = new TreeMap<>();
    for (String prefix : tool.classPrefixes()) {
      int before = entries.size();
      Enumeration<URL> found = loader.getResources(prefix);
      while (found.hasMoreElements()) {
        collect(found.nextElement(), prefix, entries);
      }
      if (entries.size() == before) {
        throw new IOException(
            "tool " + tool.id() + ": nothing under " + prefix + " on the server's class path");
      }
    }
    String main = tool.mainClass().replace('.', '/') + ".class";
    if (!entries.containsKey(main)) {
      throw new IOException(
          "tool " + tool.id() + ": main class " + tool.mainClass() + " is not on the class path");
    }
    return jar(tool.mainClass(), entries);
  }

  /**
   * A jar of {@code entries} whose manifest names {@code mainClass}, with sorted entries and fixed
   * times, so equal input gives equal bytes.
   */
  public static byte[] jar(String mainClass, TreeMap<String, byte[]> entries) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
      for (var entry : entries.entrySet()) {
        JarEntry jarEntry = new JarEntry(entry.getKey());
        jarEntry.setTime(0);
        out.putNextEntry(jarEntry);
        out.write(entry.getValue());
        out.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static void collect(URL url, String prefix, TreeMap<String, byte[]> entries)
      throws IOException {
    if (url.getProtocol().equals("file")) {
      Path path;
      try {
        path = Path.of(url.toURI());
      } catch (URISyntaxException e) {
        throw new IOException(e);
      }
      if (Files.isRegularFile(path)) {
        entries.putIfAbsent(prefix, Files.readAllBytes(path));
        return;
      }
      try (Stream<Path> files = Files.walk(path)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          if (Files.isRegularFile(file)) {
            String name = prefix + path.relativize(file).toString().replace('\\', '/');
            entries.putIfAbsent(name, Files.readAllBytes(file));
          }
        }
      }
      return;
    }
    URLConnection connection = url.openConnection();
    if (!(connection instanceof JarURLConnection jar)) {
      throw new IOException("cannot read tool classes from " + url);
    }
    jar.setUseCaches(false);
    try (JarFile jarFile = jar.getJarFile()) {
      if (!prefix.endsWith("/")) {
        JarEntry entry = jarFile.getJarEntry(prefix);
        if (entry != null) {
          try (InputStream in = jarFile.getInputStream(entry)) {
            entries.putIfAbsent(prefix, in.readAllBytes());
          }
        }
        return;
      }
      Enumeration<JarEntry> all = jarFile.entries();
      while (all.hasMoreElements()) {
        JarEntry entry = all.nextElement();
        if (!entry.isDirectory() && entry.getName().startsWith(prefix)) {
          try (InputStream in = jarFile.getInputStream(entry)) {
            entries.putIfAbsent(entry.getName(), in.readAllBytes());
          }
        }
      }
    }
  }
}
