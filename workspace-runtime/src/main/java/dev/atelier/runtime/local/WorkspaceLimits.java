package dev.atelier.runtime.local;

import java.util.List;
import java.util.Set;

/** The resource limits of one running workspace, as applied to every process it starts. */
interface WorkspaceLimits {

  /**
   * Arguments put in front of every command of the workspace (before the sandbox), e.g. a shell
   * that joins the workspace's cgroups and then execs the rest, or {@code prlimit … --}.
   */
  List<String> commandPrefix();

  /**
   * Host pids of the workspace's processes when this mechanism tracks them (cgroups), else empty.
   */
  Set<Long> pids();

  /** Kills what is left of the workspace's processes and removes what was created for it. */
  void release();

  /** No limits: nothing in front of commands, no tracking. */
  WorkspaceLimits NONE =
      new WorkspaceLimits() {
        @Override
        public List<String> commandPrefix() {
          return List.of();
        }

        @Override
        public Set<Long> pids() {
          return Set.of();
        }

        @Override
        public void release() {}
      };
}
