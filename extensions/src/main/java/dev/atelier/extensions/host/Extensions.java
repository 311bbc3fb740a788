package dev.atelier.extensions.host;

import dev.atelier.extensions.AtelierExtension;
import dev.atelier.extensions.ExtensionApi;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extensions of a server: the built-in ones, then every {@code *.jar} of the extension folder
 * (by file name), each jar in its own class loader. An extension is accepted whole or refused
 * whole: a bad manifest, an API version this server does not offer, a class that cannot be loaded
 * or constructed, a {@code contribute} that throws, an id or contribution already taken, or a
 * contribution the host's validator rejects. Each refusal is logged at WARN and kept as a {@link
 * Refused} for the admin pages; the server starts anyway.
 */
public final class Extensions implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Extensions.class);

  /** An accepted extension. {@code source} is {@code built-in} or the jar's path. */
  public record Loaded(
      String id, String version, String name, String source, List<String> contributions) {}

  /** A refused extension: its jar (or built-in id), its id when known, and why. */
  public record Refused(String source, String id, String reason) {}

  private final List<Loaded> loaded;
  private final List<Refused> refused;
  private final ContributionSet registry;
  private final List<URLClassLoader> loaders;

  private Extensions(
      List<Loaded> loaded,
      List<Refused> refused,
      ContributionSet registry,
      List<URLClassLoader> loaders) {
    this.loaded = List.copyOf(loaded);
    this.refused = List.copyOf(refused);
    this.registry = registry;
    this.loaders = List.copyOf(loaders);
  }

  /**
   * Loads the built-ins and the jars of {@code directory} (none when it is {@code null} or does not
   * exist).
   */
  public static Extensions load(
      List<BuiltinExtension> builtins, Path directory, ContributionValidator validator) {
    return new Loading(validator).run(builtins, directory);
  }

  /** Every accepted extension, in load order. */
  public List<Loaded> loaded() {
    return loaded;
  }

  /** Every refused extension, in load order. */
  public List<Refused> refused() {
    return refused;
  }

  /** Everything the accepted extensions contributed, in load order. */
  public ContributionSet contributions() {
    return registry;
  }

  /** Closes the class loaders of the jars. */
  @Override
  public void close() {
    for (URLClassLoader loader : loaders) {
      try {
        loader.close();
      } catch (IOException e) {
        log.debug("Could not close an extension class loader", e);
      }
    }
  }

  private static final class Loading {
    private final ContributionValidator validator;
    private final List<Loaded> loaded = new ArrayList<>();
    private final List<Refused> refused = new ArrayList<>();
    private final ContributionSet registry = new ContributionSet();
    private final List<URLClassLoader> loaders = new ArrayList<>();
    private final Map<String, String> sourceById = new HashMap<>();

    Loading(ContributionValidator validator) {
      this.validator = Objects.requireNonNull(validator, "validator");
    }

    Extensions run(List<BuiltinExtension> builtins, Path directory) {
      for (BuiltinExtension builtin : builtins) {
        try {
          accept(builtin.id(), ExtensionApi.VERSION, builtin.id(), "built-in", builtin.extension());
        } catch (Refusal e) {
          refuse("built-in", builtin.id(), e.getMessage());
        }
      }
      for (Path jar : jars(directory)) {
        loadJar(jar);
      }
      log.info(
          "Extensions: {} loaded ({} from {}), {} refused",
          loaded.size(),
          loaded.stream().filter(l -> !l.source().equals("built-in")).count(),
          directory,
          refused.size());
      return new Extensions(loaded, refused, registry, loaders);
    }

    private List<Path> jars(Path directory) {
      if (directory == null || !Files.isDirectory(directory)) {
        return List.of();
      }
      List<Path> jars = new ArrayList<>();
      try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.jar")) {
        files.forEach(jars::add);
      } catch (NoSuchFileException e) {
        return List.of();
      } catch (IOException e) {
        refuse(directory.toString(), null, "the extension folder cannot be listed: " + e);
      }
      jars.sort(null);
      return jars;
    }

    private void loadJar(Path jar) {
      String source = jar.toString();
      ExtensionManifest manifest;
      try {
        manifest = manifest(jar);
      } catch (Refusal e) {
        refuse(source, null, e.getMessage());
        return;
      }
      URLClassLoader loader;
      try {
        loader =
            new URLClassLoader(
                "extension " + manifest.id(),
                new URL[] {jar.toUri().toURL()},
                AtelierExtension.class.getClassLoader());
      } catch (IOException e) {
        refuse(source, manifest.id(), "cannot open the jar: " + e.getMessage());
        return;
      }
      try {
        if (!ExtensionApi.isCompatible(manifest.apiVersion())) {
          throw new Refusal(
              "it needs extension API "
                  + manifest.apiVersion()
                  + " but this server offers "
                  + ExtensionApi.VERSION
                  + " (same major version, minor version at most "
                  + ExtensionApi.MINOR
                  + "); install a version of the extension built for API "
                  + ExtensionApi.VERSION);
        }
        AtelierExtension extension = instantiate(manifest, loader);
        accept(manifest.id(), manifest.version(), manifest.name(), source, extension);
        loaders.add(loader);
      } catch (Refusal e) {
        closeQuietly(loader);
        refuse(source, manifest.id(), e.getMessage());
      }
    }

    private static ExtensionManifest manifest(Path jar) throws Refusal {
      try (JarFile file = new JarFile(jar.toFile())) {
        ZipEntry entry = file.getEntry(ExtensionManifest.PATH);
        if (entry == null) {
          throw new Refusal(
              "it has no " + ExtensionManifest.PATH + " (id, version, api-version, class)");
        }
        try (InputStream in = file.getInputStream(entry)) {
          return ExtensionManifest.read(in);
        }
      } catch (IllegalArgumentException e) {
        throw new Refusal(e.getMessage());
      } catch (IOException e) {
        throw new Refusal("it is not a readable jar: " + e.getMessage());
      }
    }

    private static AtelierExtension instantiate(ExtensionManifest manifest, ClassLoader loader)
        throws Refusal {
      String name = manifest.className();
      try {
        Class<?> type = Class.forName(name, true, loader);
        if (!AtelierExtension.class.isAssignableFrom(type)) {
          throw new Refusal(
              "its class " + name + " does not implement " + AtelierExtension.class.getName());
        }
        return (AtelierExtension) type.getConstructor().newInstance();
      } catch (ClassNotFoundException e) {
        throw new Refusal("its class " + name + " is not in the jar");
      } catch (NoSuchMethodException e) {
        throw new Refusal("its class " + name + " has no public no-argument constructor");
      } catch (InvocationTargetException e) {
        throw new Refusal("its constructor threw " + describe(e.getCause()));
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        throw new Refusal("its class " + name + " cannot be loaded: " + describe(e));
      }
    }

    private void accept(
        String id, String version, String name, String source, AtelierExtension extension)
        throws Refusal {
      String taken = sourceById.get(id);
      if (taken != null) {
        throw new Refusal("the id " + id + " is already taken by " + taken);
      }
      ContributionSet own = new ContributionSet();
      try {
        extension.contribute(own);
      } catch (RuntimeException | LinkageError e) {
        throw new Refusal("its contribute() threw " + describe(e));
      }
      var clash = registry.clashWith(own);
      if (clash.isPresent()) {
        throw new Refusal("the " + clash.get() + " is already contributed by another extension");
      }
      try {
        validator.validate(own);
      } catch (IllegalArgumentException e) {
        throw new Refusal(e.getMessage());
      }
      registry.addAll(own);
      sourceById.put(id, source);
      loaded.add(new Loaded(id, version, name, source, own.summary()));
      if (!source.equals("built-in")) {
        log.info("Extension {} {} loaded from {}: {}", id, version, source, own.summary());
      }
    }

    private void refuse(String source, String id, String reason) {
      log.warn(
          "Extension {}{} refused: {}; the server starts without it",
          source,
          id == null ? "" : " (" + id + ")",
          reason);
      refused.add(new Refused(source, id, reason));
    }

    private static String describe(Throwable e) {
      return e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static void closeQuietly(URLClassLoader loader) {
      try {
        loader.close();
      } catch (IOException e) {
        log.debug("Could not close a refused extension's class loader", e);
      }
    }
  }

  /** Why an extension is refused. */
  private static final class Refusal extends Exception {
    Refusal(String message) {
      super(message, null, false, false);
    }
  }
}
