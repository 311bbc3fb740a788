package dev.atelier.runtime.local;

import dev.atelier.runtime.local.Namespaces.NamespaceFd;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bubblewrap sandbox per running workspace, shared by all its processes like a container: a
 * holder ({@code bwrap … sleep infinity}) creates the user, PID, mount, IPC, UTS and cgroup
 * namespaces, and every exec enters them with {@code nsenter}, so a terminal sees the processes a
 * task started, {@code /tmp} is shared, and killing the holder (PID 1 of the namespace) makes the
 * kernel kill every process of the workspace.
 *
 * <p>Entering is two-step because bubblewrap nests the sandbox's user namespace: the first {@code
 * nsenter} joins the outer user namespace (which owns the other namespaces, and where the caller is
 * privileged) with the PID, mount, network, IPC, UTS and cgroup namespaces; the second joins the
 * inner one, where the caller becomes uid 1000 without capabilities, and {@code setpriv
 * --no-new-privs} keeps it so.
 *
 * <p>Each sandbox has its own network namespace (loopback only); {@link SlirpNetwork} adds outbound
 * access when the workspace gets it. When the server is root the sandbox runs as {@link
 * HostIdentity}'s uid (see {@link HolderCommand}).
 */
final class BubblewrapSandbox implements WorkspaceSandbox {

  private static final Logger log = LoggerFactory.getLogger(BubblewrapSandbox.class);
  static final String WORKSPACE = "/workspace";
  private static final long READY_TIMEOUT_MILLIS = 10_000;

  private final Process holder;
  private final long initPid;
  private final String pidNamespace;
  private final List<NamespaceFd> fds;
  private final List<String> enterPrefix;
  private final SlirpNetwork network;

  private BubblewrapSandbox(
      Process holder,
      long initPid,
      String pidNamespace,
      List<NamespaceFd> fds,
      List<String> enter,
      SlirpNetwork network) {
    this.holder = holder;
    this.initPid = initPid;
    this.pidNamespace = pidNamespace;
    this.fds = fds;
    this.enterPrefix = enter;
    this.network = network;
  }

  /**
   * Starts the holder and waits until its namespaces are set up, then its network.
   *
   * @param identity the host uid/gid to run as (the server is root), or empty to run as the server
   * @param outboundGid the network helper's group when the workspace gets outbound access
   * @param limitsPrefix put in front of everything (joins the cgroups before any namespace exists)
   * @param layout the workspace's folders (content, logs)
   */
  static BubblewrapSandbox start(
      HostTools tools,
      SandboxEtc etc,
      List<Path> extraReadOnly,
      AgentInstall agent,
      Optional<HostIdentity> identity,
      OptionalInt outboundGid,
      List<String> limitsPrefix,
      WorkspaceLayout layout,
      ProcessSpawner spawner)
      throws IOException {
    Path log = layout.sandboxLog();
    // The options go through a file (--args): on the command line they would show the server's
    // folders to every process of the workspace in PID 1's /proc/1/cmdline.
    List<String> options =
        identity.isPresent()
            ? HolderCommand.holderArgs(
                etc,
                HolderCommand.STAGE + "/etc",
                extraReadOnly,
                agent.bubblewrapArgs(HolderCommand.STAGE + "/agent"),
                HolderCommand.STAGE + "/workspace")
            : HolderCommand.holderArgs(
                etc,
                etc.generated().toString(),
                extraReadOnly,
                agent.bubblewrapArgs(agent.folder().toString()),
                layout.content().toString());
    Path argsFile = log.resolveSibling("bwrap.args");
    Files.write(argsFile, String.join("\0", options).concat("\0").getBytes(StandardCharsets.UTF_8));
    Path infoFile = log.resolveSibling("bwrap.info");
    Files.deleteIfExists(infoFile);
    List<String> argv =
        HolderCommand.argv(
            tools,
            identity,
            limitsPrefix,
            argsFile,
            infoFile,
            layout.content(),
            etc.generated(),
            agent.folder());
    ProcessBuilder builder = new ProcessBuilder(argv).directory(new java.io.File("/"));
    builder.environment().clear();
    builder.environment().putAll(WorkspaceSandbox.baseEnv(WORKSPACE, false));
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.redirectError(log.toFile());
    Process holder = spawner.spawn(builder::start);
    List<NamespaceFd> fds = new ArrayList<>();
    SlirpNetwork network = null;
    try {
      long init = awaitReady(holder, log, infoFile);
      String pidNs =
          ProcTable.namespace(init, "pid").orElseThrow(() -> new IOException("sandbox exited"));
      NamespaceFd pid = Namespaces.open("/proc/" + init + "/ns/pid");
      fds.add(pid);
      NamespaceFd owner = Namespaces.owningUserNamespace(pid);
      fds.add(owner);
      List<String> enter = new ArrayList<>();
      enter.add(tools.nsenter().orElseThrow().toString());
      if (identity.isEmpty()) {
        // The server's uid owns the namespaces: it joins them as itself.
        enter.add("--preserve-credentials");
      }
      // Otherwise root joins and nsenter then takes uid/gid 0 of the outer namespace, which is the
      // sandbox uid on the host: the second nsenter preserves that.
      enter.add("--user=" + owner.path());
      enter.add("--pid=" + pid.path());
      NamespaceFd netns = null;
      for (String type : List.of("mnt", "net", "ipc", "uts", "cgroup")) {
        if (ProcTable.namespace(init, type)
            .equals(ProcTable.namespace(ProcessHandle.current().pid(), type))) {
          continue; // not unshared (e.g. no cgroup namespace support): nothing to enter
        }
        NamespaceFd fd = Namespaces.open("/proc/" + init + "/ns/" + type);
        fds.add(fd);
        if (type.equals("net")) {
          netns = fd;
        }
        enter.add("--" + (type.equals("mnt") ? "mount" : type) + "=" + fd.path());
      }
      if (netns == null) {
        throw new IOException("bubblewrap did not give the sandbox a network namespace");
      }
      enter.add("--");
      enter.add(inside(tools.nsenter().orElseThrow(), "nsenter"));
      enter.addAll(List.of("--preserve-credentials", "--user=/proc/1/ns/user", "--"));
      enter.addAll(
          List.of(inside(tools.setpriv().orElseThrow(), "setpriv"), "--no-new-privs", "--"));
      if (outboundGid.isPresent()) {
        NamespaceFd netOwner = Namespaces.owningUserNamespace(netns);
        fds.add(netOwner);
        network =
            SlirpNetwork.start(
                tools,
                netOwner,
                netns,
                outboundGid.getAsInt(),
                Path.of("/proc", Long.toString(init), "net", "route"),
                layout.networkLog(),
                spawner);
      }
      return new BubblewrapSandbox(
          holder, init, pidNs, List.copyOf(fds), List.copyOf(enter), network);
    } catch (IOException | RuntimeException e) {
      if (network != null) {
        network.kill();
      }
      fds.forEach(NamespaceFd::close);
      holder.destroyForcibly();
      throw e;
    }
  }

  private static final Pattern CHILD_PID = Pattern.compile("\"child-pid\"\\s*:\\s*(\\d+)");

  /**
   * Waits until the sandbox's first process prints {@code ready} (bubblewrap runs it only once the
   * namespaces and mounts are complete), then reads bwrap's PID 1 from its info file.
   */
  private static long awaitReady(Process holder, Path log, Path info) throws IOException {
    CompletableFuture<String> line = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                line.complete(
                    new BufferedReader(
                            new InputStreamReader(
                                holder.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine());
              } catch (IOException e) {
                line.complete(null);
              }
            },
            "atelier-sandbox-ready");
    reader.setDaemon(true);
    reader.start();
    String ready;
    try {
      ready = line.get(READY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new WorkspaceRuntimeException(
          ErrorCode.START_FAILED, "the sandbox did not start within 10 s: " + tail(log));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the sandbox", e);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    } finally {
      holder.getInputStream().close();
    }
    if (!"ready".equals(ready)) {
      throw new WorkspaceRuntimeException(
          ErrorCode.START_FAILED, "the sandbox did not start: " + tail(log));
    }
    // bwrap writes the info before its child's setup completes; a short wait covers a slow write
    for (int attempt = 0; attempt < 1000; attempt++) {
      Matcher pid = CHILD_PID.matcher(Files.readString(info, StandardCharsets.UTF_8));
      if (pid.find()) {
        return Long.parseLong(pid.group(1));
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting the sandbox", e);
      }
    }
    throw new WorkspaceRuntimeException(
        ErrorCode.START_FAILED, "bubblewrap reported no sandbox pid in " + info);
  }

  @Override
  public String workspacePath() {
    return WORKSPACE;
  }

  @Override
  public List<String> wrap(List<String> command, String cwd, boolean pty) {
    List<String> argv = new ArrayList<>(enterPrefix);
    if (!pty) {
      argv.add("/usr/bin/setsid");
    }
    argv.addAll(
        List.of("/usr/bin/env", "-C", cwd.isEmpty() ? WORKSPACE : WORKSPACE + "/" + cwd, "--"));
    argv.addAll(command);
    return argv;
  }

  @Override
  public Map<String, String> defaultEnv(boolean pty) {
    Map<String, String> env = WorkspaceSandbox.baseEnv(WORKSPACE, pty);
    env.put("USER", SandboxEtc.USER);
    env.put("LOGNAME", SandboxEtc.USER);
    env.put("HOSTNAME", SandboxEtc.HOSTNAME);
    return env;
  }

  @Override
  public Set<Long> pids() {
    return ProcTable.pidsInPidNamespace(pidNamespace);
  }

  @Override
  public boolean isAlive() {
    return holder.isAlive();
  }

  @Override
  public Optional<Long> networkNamespacePid() {
    return holder.isAlive() ? Optional.of(initPid) : Optional.empty();
  }

  /** Whether the workspace has outbound access (its network helper runs). */
  boolean outbound() {
    return network != null && network.isAlive();
  }

  Process holder() {
    return holder;
  }

  @Override
  public void kill() {
    // SIGKILL to PID 1 of the namespace: the kernel then kills every process in it.
    ProcessHandle.of(initPid).ifPresent(ProcessHandle::destroyForcibly);
    holder.destroyForcibly();
    try {
      if (!holder.waitFor(5, TimeUnit.SECONDS)) {
        log.warn("Sandbox holder {} did not exit", holder.pid());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (network != null) {
      network.kill();
    }
    fds.forEach(NamespaceFd::close);
  }

  /** A host tool's path as seen inside the sandbox, where only {@code /usr} is mounted. */
  private static String inside(Path hostPath, String name) {
    String text = hostPath.toString();
    return text.startsWith("/usr/") ? text : "/usr/bin/" + name;
  }

  static String tail(Path log) {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? "(no output)" : OutputTail.lastLines(text, 10);
    } catch (IOException e) {
      return "(no output)";
    }
  }
}
