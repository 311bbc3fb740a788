package dev.atelier.runtime.local;

import java.nio.file.Path;

/**
 * Where a workspace lives under the runtime root: its content ({@code <root>/<id>/}, the only
 * folder its processes can write besides {@code /tmp}) and the runtime's bookkeeping next to it,
 * out of the workspace's reach ({@code <root>/.<id>.meta/}: first-start markers, sandbox and
 * network logs; {@code <root>/.<id>.clone/}: a clone in progress).
 */
record WorkspaceLayout(Path root, String id) {

  Path content() {
    return root.resolve(id);
  }

  Path meta() {
    return root.resolve("." + id + ".meta");
  }

  Path cloneTemp() {
    return root.resolve("." + id + ".clone");
  }

  /** Present once the repository has been cloned into the content. */
  Path clonedMarker() {
    return meta().resolve("cloned");
  }

  /** Present once the first start (clone, postCreateCommand) has completed. */
  Path initializedMarker() {
    return meta().resolve("initialized");
  }

  Path sandboxLog() {
    return meta().resolve("sandbox.log");
  }

  /** Output of the workspace's network helper ({@code slirp4netns}). */
  Path networkLog() {
    return meta().resolve("network.log");
  }
}
