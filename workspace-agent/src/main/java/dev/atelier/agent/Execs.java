package dev.atelier.agent;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The processes of one agent: {@link Wire#OP_EXEC}, {@link Wire#OP_RESIZE} and {@link
 * Wire#OP_SIGNAL}. Checks each request (argument counts and sizes, names, the working folder inside
 * the workspace), bounds how many run at once ({@link #MAX_RUNNING}), and marks every process with
 * {@link ProcessTree#MARKER} so that what it starts can be found and killed; a new agent kills what
 * the execs of a dead one left behind.
 */
final class Execs {

  /** Processes one agent runs at once at most. */
  static final int MAX_RUNNING = 64;

  static final int MAX_ARGS = 4096;
  static final int MAX_ENV = 4096;
  static final int MAX_SIZE = 10_000;

  /** Variables the pod's start script set aside before it cleared them for the agent's JVM. */
  static final String KEEP_PREFIX = "ATELIER_KEEP_";

  private final Agent agent;
  private final WorkspaceTree tree;
  private final Executor threads;
  private final String scope;
  private final String id = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicInteger running = new AtomicInteger();
  private final Map<Integer, Exec> byChannel = new ConcurrentHashMap<>();

  Execs(Agent agent, WorkspaceTree tree, Executor threads) {
    this.agent = agent;
    this.tree = tree;
    this.threads = threads;
    this.scope =
        Integer.toHexString(tree.root().toAbsolutePath().normalize().toString().hashCode());
  }

  /** A checked exec request. */
  record Request(
      int side,
      List<String> argv,
      Map<String, String> env,
      String cwd,
      boolean pty,
      int columns,
      int rows) {}

  Agent agent() {
    return agent;
  }

  Executor threads() {
    return threads;
  }

  private final java.util.concurrent.atomic.AtomicBoolean swept =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Kills what the execs of an earlier agent of this workspace left running (it died without
   * killing them), in the background, on this agent's first exec (not at its start: the scan of
   * {@code /proc} would cost an agent that never runs a process ~6 MB).
   */
  private void killOrphansOnce() {
    if (swept.compareAndSet(false, true)) {
      threads.execute(() -> ProcessTree.killOrphans(scope, id));
    }
  }

  static Request parse(DataInputStream args) throws IOException {
    int side = args.readInt();
    int argc = args.readInt();
    if (argc < 1 || argc > MAX_ARGS) {
      throw bad("a command needs 1 to " + MAX_ARGS + " arguments, not " + argc);
    }
    List<String> argv = new ArrayList<>(argc);
    for (int i = 0; i < argc; i++) {
      String arg = args.readUTF();
      if (arg.indexOf(0) >= 0) {
        throw bad("an argument contains a NUL character");
      }
      argv.add(arg);
    }
    if (argv.get(0).isEmpty()) {
      throw bad("the command is empty");
    }
    int envc = args.readInt();
    if (envc < 0 || envc > MAX_ENV) {
      throw bad("at most " + MAX_ENV + " environment variables, not " + envc);
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (int i = 0; i < envc; i++) {
      String name = args.readUTF();
      String value = args.readUTF();
      if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf(0) >= 0) {
        throw bad("'" + name.replace('\0', '?') + "' is not an environment variable name");
      }
      if (value.indexOf(0) >= 0) {
        throw bad("the value of " + name + " contains a NUL character");
      }
      env.put(name, value);
    }
    String cwd = args.readUTF();
    boolean pty = args.readBoolean();
    int columns = 0;
    int rows = 0;
    if (pty) {
      columns = args.readInt();
      rows = args.readInt();
      checkSize(columns, rows);
    }
    return new Request(side, argv, env, cwd, pty, columns, rows);
  }

  private static void checkSize(int columns, int rows) {
    if (columns < 1 || rows < 1 || columns > MAX_SIZE || rows > MAX_SIZE) {
      throw bad(
          "a terminal has 1 to " + MAX_SIZE + " columns and rows, not " + columns + "×" + rows);
    }
  }

  /** Runs an exec on its call's channel; replies once it runs. */
  void start(Agent.Call call, DataInputStream args) throws IOException {
    killOrphansOnce();
    Request request = parse(args);
    String dir = directory(request.cwd());
    String marker = scope + "." + id + "." + sequence.incrementAndGet();
    List<String> env = environment(request.env(), marker);
    String executable = executable(request.argv().get(0), dir, request.env());
    if (running.incrementAndGet() > MAX_RUNNING) {
      running.decrementAndGet();
      throw new AgentException(
          "START_FAILED",
          "the workspace runs "
              + MAX_RUNNING
              + " processes for the server already; close terminals or tasks it no longer needs");
    }
    Agent.Call side;
    Exec exec;
    try {
      side = agent.register(request.side());
      try {
        exec = Exec.start(this, call, side, request, executable, dir, env, marker, threads);
      } catch (RuntimeException e) {
        side.finish();
        throw e;
      }
    } catch (RuntimeException e) {
      running.decrementAndGet();
      throw e;
    }
    byChannel.put(call.channel, exec);
    call.reply(true, new byte[0]);
  }

  /** The exec is over (or closed): its slot is free. */
  void forget(Exec exec) {
    if (byChannel.remove(exec.channel(), exec)) {
      running.decrementAndGet();
    }
  }

  void resize(Agent.Call call, DataInputStream args) throws IOException {
    Exec exec = exec(args.readInt());
    int columns = args.readInt();
    int rows = args.readInt();
    checkSize(columns, rows);
    if (!exec.resize(columns, rows)) {
      throw bad("the process has no terminal");
    }
    call.reply(true, new byte[0]);
  }

  void signal(Agent.Call call, DataInputStream args) throws IOException {
    Exec exec = exec(args.readInt());
    int signal = args.readUnsignedByte();
    if (!Set.of(Posix.SIGHUP, Posix.SIGINT, Posix.SIGKILL, Posix.SIGTERM).contains(signal)) {
      throw bad("signal " + signal + " is not one of HUP (1), INT (2), KILL (9), TERM (15)");
    }
    exec.signal(signal);
    call.reply(true, new byte[0]);
  }

  private Exec exec(int channel) {
    Exec exec = byChannel.get(channel);
    if (exec == null) {
      throw new AgentException("FILE_NOT_FOUND", "no running process on channel " + channel);
    }
    return exec;
  }

  /** The working folder: inside the workspace, after links, and a folder. */
  private String directory(String cwd) {
    var entry = tree.stat(cwd);
    if (entry.isEmpty() || !entry.get().directory()) {
      throw new AgentException(
          "FILE_NOT_FOUND",
          "working directory " + WorkspaceTree.quote(cwd) + " does not exist in the workspace");
    }
    String relative = RelativePath.normalize(cwd);
    return relative.isEmpty() ? tree.root().toString() : tree.root().resolve(relative).toString();
  }

  /**
   * The agent's own environment (the sandbox's, or the pod's with what its start script set aside),
   * then the request's variables, then the marker.
   */
  static List<String> environment(Map<String, String> requested, String marker) {
    Map<String, String> env = new LinkedHashMap<>();
    Map<String, String> own = System.getenv();
    own.forEach(
        (name, value) -> {
          if (!name.startsWith(KEEP_PREFIX) && !name.equals(ProcessTree.MARKER)) {
            env.put(name, value);
          }
        });
    own.forEach(
        (name, value) -> {
          if (name.startsWith(KEEP_PREFIX) && name.length() > KEEP_PREFIX.length()) {
            env.put(name.substring(KEEP_PREFIX.length()), value);
          }
        });
    env.putAll(requested);
    env.put(ProcessTree.MARKER, marker);
    List<String> list = new ArrayList<>(env.size());
    env.forEach((name, value) -> list.add(name + "=" + value));
    return list;
  }

  /** The program to run: a path as given (relative to the folder), or found on the PATH. */
  private static String executable(String command, String dir, Map<String, String> requested) {
    if (command.indexOf('/') >= 0) {
      return Path.of(dir).resolve(command).toString();
    }
    String path = requested.getOrDefault("PATH", System.getenv().getOrDefault("PATH", ""));
    for (String entry : path.split(":", -1)) {
      Path candidate = Path.of(dir).resolve(entry.isEmpty() ? "." : entry).resolve(command);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new AgentException(
        "START_FAILED", "cannot start " + command + ": command not found in the workspace");
  }

  private static AgentException bad(String message) {
    return new AgentException("BAD_REQUEST", message);
  }
}
