package dev.atelier.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Loads the manifests of {@code deploy/kubernetes} with fabric8's model. */
final class DeployManifests {

  /** The folder, found from the module folder Maven runs tests in, or from the repository root. */
  static Path folder() {
    for (Path candidate : List.of(Path.of("../deploy/kubernetes"), Path.of("deploy/kubernetes"))) {
      if (Files.isDirectory(candidate)) {
        try {
          return candidate.toRealPath();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    throw new IllegalStateException(
        "deploy/kubernetes not found from " + Path.of("").toAbsolutePath());
  }

  /** The Kubernetes manifests (every {@code .yaml} but kustomization.yaml). */
  static List<Path> files() {
    try (Stream<Path> list = Files.list(folder())) {
      return list.filter(p -> p.getFileName().toString().endsWith(".yaml"))
          .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every object of one manifest file; a manifest may hold several documents. */
  static List<HasMetadata> load(Path file) {
    // A client only to reach its parser: it talks to no cluster.
    try (KubernetesClient client = new KubernetesClientBuilder().build();
        InputStream in = Files.newInputStream(file)) {
      return client.load(in).items();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<HasMetadata> all() {
    List<HasMetadata> all = new ArrayList<>();
    for (Path file : files()) {
      all.addAll(load(file));
    }
    return all;
  }

  static <T extends HasMetadata> T one(Class<T> type) {
    List<T> matching = all().stream().filter(type::isInstance).map(type::cast).toList();
    if (matching.size() != 1) {
      throw new AssertionError(
          "expected one "
              + type.getSimpleName()
              + " in deploy/kubernetes, found "
              + matching.size());
    }
    return matching.get(0);
  }

  private DeployManifests() {}
}
