package dev.atelier.runtime.agent;

import dev.atelier.agent.Agent;
import java.util.ArrayList;
import java.util.List;

/** The command line that starts a workspace agent, the same for every runtime. */
public final class AgentLaunch {

  /** Small heap, client compiler, class-data sharing: starts in ~0.1 s in ~35 MB. */
  static final List<String> JVM_OPTIONS =
      List.of(
          "-Xshare:auto",
          "-XX:TieredStopAtLevel=1",
          "-XX:CICompilerCount=1",
          "-XX:+UseSerialGC",
          "-Xms8m",
          "-Xmx32m",
          "-Xss512k",
          "-XX:-UsePerfData",
          // the JVM's own warnings (e.g. no thread under a full pids limit) go to stderr, the
          // agent's log: its stdout is the connection
          "-Xlog:disable",
          "-Xlog:all=warning:stderr",
          "-Djava.io.tmpdir=/tmp",
          // JNA (processes): its native library is unpacked into /tmp, never into HOME
          // (= /workspace), and never taken from the system (another version)
          "-Djna.tmpdir=/tmp",
          "-Djna.nosys=true");

  private AgentLaunch() {}

  /**
   * @param java the {@code java} executable
   * @param jar the agent's jar
   * @param root the workspace folder the agent serves
   */
  public static List<String> command(String java, String jar, String root) {
    List<String> argv = new ArrayList<>();
    argv.add(java);
    argv.addAll(JVM_OPTIONS);
    argv.addAll(List.of("-cp", jar, Agent.class.getName(), root));
    return argv;
  }
}
