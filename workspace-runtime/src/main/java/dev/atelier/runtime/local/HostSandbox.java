package dev.atelier.runtime.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * No sandbox ({@code sandbox=off}, or {@code auto} without bubblewrap): processes run on the host
 * as the server's user, in the workspace folder. Each gets a session of its own and, where {@code
 * setpriv} exists, is killed when the server dies; what it forks is found through its process tree
 * and, when cgroups are in use, the workspace's cgroup.
 */
final class HostSandbox implements WorkspaceSandbox {

  private final HostTools tools;
  private final Path content;

  HostSandbox(HostTools tools, Path content) {
    this.tools = tools;
    this.content = content;
  }

  @Override
  public String workspacePath() {
    return content.toString();
  }

  @Override
  public List<String> wrap(List<String> command, String cwd, boolean pty) {
    List<String> argv = new ArrayList<>();
    tools.setpriv().ifPresent(p -> argv.addAll(List.of(p.toString(), "--pdeathsig", "KILL", "--")));
    if (!pty) {
      tools.setsid().ifPresent(p -> argv.add(p.toString()));
    }
    Path dir = cwd.isEmpty() ? content : content.resolve(cwd);
    argv.addAll(List.of(tools.env().toString(), "-C", dir.toString(), "--"));
    argv.addAll(command);
    return argv;
  }

  @Override
  public Map<String, String> defaultEnv(boolean pty) {
    return WorkspaceSandbox.baseEnv(content.toString(), pty);
  }

  @Override
  public Set<Long> pids() {
    return Set.of();
  }

  @Override
  public boolean isAlive() {
    return true;
  }

  @Override
  public void kill() {}
}
