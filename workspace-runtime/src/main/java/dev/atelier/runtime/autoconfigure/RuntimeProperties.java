package dev.atelier.runtime.autoconfigure;

import dev.atelier.runtime.local.LocalRuntimeOptions;
import dev.atelier.runtime.local.NetworkMode;
import dev.atelier.runtime.local.SandboxMode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Settings of the workspace runtime ({@code atelier.runtime.*}). */
@ConfigurationProperties("atelier.runtime")
@Validated
public class RuntimeProperties {

  /**
   * Which runtime runs workspaces: {@code local} (a bubblewrap sandbox per workspace on this
   * machine, the default) or {@code kubernetes} (a pod per workspace, see {@code
   * atelier.runtime.kubernetes.*}).
   */
  @NotNull
  @Pattern(regexp = "local|kubernetes", message = "must be 'local' or 'kubernetes'")
  private String type = "local";

  /**
   * How long the local runtime may take to start a workspace (clone, postCreateCommand,
   * postStartCommand) before it fails with TIMEOUT. The Kubernetes runtime has its own {@code
   * atelier.runtime.kubernetes.start-timeout}.
   */
  @NotNull private Duration startTimeout = LocalRuntimeOptions.DEFAULT_START_TIMEOUT;

  /** The local runtime. */
  @Valid private final Local local = new Local();

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public Duration getStartTimeout() {
    return startTimeout;
  }

  public void setStartTimeout(Duration startTimeout) {
    this.startTimeout = startTimeout;
  }

  public Local getLocal() {
    return local;
  }

  /** The local runtime's options built from these properties. */
  public LocalRuntimeOptions toLocalOptions() {
    return new LocalRuntimeOptions(
        local.root,
        local.sandbox,
        local.bubblewrap,
        local.cgroupRoot,
        startTimeout,
        local.allowLocalRepositories,
        local.extraReadOnlyPaths,
        local.network,
        local.sandboxUid,
        local.sandboxGid,
        local.networkGid);
  }

  /** Settings of the local runtime ({@code atelier.runtime.local.*}). */
  public static class Local {

    /**
     * Folder holding each workspace's files ({@code <root>/<id>/}) and the runtime's bookkeeping.
     * The server sets it to {@code $ATELIER_HOME/workspaces}.
     */
    @NotNull private Path root = Path.of(System.getProperty("user.home"), ".atelier", "workspaces");

    /**
     * Whether workspace processes run in a bubblewrap sandbox: {@code auto} (sandbox when bwrap is
     * installed, otherwise warn once and run unsandboxed), {@code required} (refuse to start
     * workspaces without bwrap) or {@code off} (plain processes with the server's rights: only for
     * trusted single-user setups).
     */
    @NotNull private SandboxMode sandbox = SandboxMode.AUTO;

    /** The bubblewrap executable: a name looked up on PATH, or an absolute path. */
    @NotNull private String bubblewrap = LocalRuntimeOptions.DEFAULT_BUBBLEWRAP;

    /**
     * Mount point of the cgroup v1 hierarchies ({@code memory}, {@code pids}, {@code cpu} below
     * it). Stack limits use them when writable, else {@code prlimit}.
     */
    @NotNull private Path cgroupRoot = LocalRuntimeOptions.DEFAULT_CGROUP_ROOT;

    /**
     * Whether {@code file://} URLs and local paths may be cloned. Off by default: a user could copy
     * any repository the server can read.
     */
    private boolean allowLocalRepositories;

    /**
     * Host folders mounted read-only, at the same path, in every sandbox (e.g. /opt/toolchains).
     */
    private List<Path> extraReadOnlyPaths = new ArrayList<>();

    /**
     * Outbound network access of sandboxed workspaces, each of which has a network namespace of its
     * own (other workspaces and the host's loopback are never reachable): {@code auto} (outbound
     * through slirp4netns when the egress filter keeping the host's own addresses unreachable can
     * be installed, which needs root; otherwise loopback only, with a warning), {@code outbound}
     * (required: workspace starts fail without the filter) or {@code none} (loopback only). A stack
     * can ask for none on its own.
     */
    @NotNull private NetworkMode network = NetworkMode.AUTO;

    /**
     * Host uid the sandboxes run as when the server runs as root (the workspace user, uid 1000
     * inside, maps to it; workspace files belong to it). Needs no passwd entry; must be a uid
     * nothing else on the host uses. Ignored when the server is not root: sandboxes then run as the
     * server's user.
     */
    @Min(1)
    private int sandboxUid = LocalRuntimeOptions.DEFAULT_SANDBOX_UID;

    /** Host gid the sandboxes run as when the server runs as root (see {@code sandbox-uid}). */
    @Min(1)
    private int sandboxGid = LocalRuntimeOptions.DEFAULT_SANDBOX_GID;

    /**
     * Host group the workspaces' network helper (slirp4netns) runs with; the egress filter (the
     * iptables chain ATELIER-EGRESS) rejects this group's traffic to the host's own addresses. Must
     * be a group nothing else on the host uses.
     */
    @Min(1)
    private int networkGid = LocalRuntimeOptions.DEFAULT_NETWORK_GID;

    public Path getRoot() {
      return root;
    }

    public void setRoot(Path root) {
      this.root = root;
    }

    public SandboxMode getSandbox() {
      return sandbox;
    }

    public void setSandbox(SandboxMode sandbox) {
      this.sandbox = sandbox;
    }

    public String getBubblewrap() {
      return bubblewrap;
    }

    public void setBubblewrap(String bubblewrap) {
      this.bubblewrap = bubblewrap;
    }

    public Path getCgroupRoot() {
      return cgroupRoot;
    }

    public void setCgroupRoot(Path cgroupRoot) {
      this.cgroupRoot = cgroupRoot;
    }

    public boolean isAllowLocalRepositories() {
      return allowLocalRepositories;
    }

    public void setAllowLocalRepositories(boolean allowLocalRepositories) {
      this.allowLocalRepositories = allowLocalRepositories;
    }

    public NetworkMode getNetwork() {
      return network;
    }

    public void setNetwork(NetworkMode network) {
      this.network = network;
    }

    public int getSandboxUid() {
      return sandboxUid;
    }

    public void setSandboxUid(int sandboxUid) {
      this.sandboxUid = sandboxUid;
    }

    public int getSandboxGid() {
      return sandboxGid;
    }

    public void setSandboxGid(int sandboxGid) {
      this.sandboxGid = sandboxGid;
    }

    public int getNetworkGid() {
      return networkGid;
    }

    public void setNetworkGid(int networkGid) {
      this.networkGid = networkGid;
    }

    public List<Path> getExtraReadOnlyPaths() {
      return extraReadOnlyPaths;
    }

    public void setExtraReadOnlyPaths(List<Path> extraReadOnlyPaths) {
      this.extraReadOnlyPaths = extraReadOnlyPaths;
    }
  }
}
