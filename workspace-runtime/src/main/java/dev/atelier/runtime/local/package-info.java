/**
 * The local workspace runtime, the embedded default: each workspace is a folder under {@code
 * atelier.runtime.local.root} and, while it runs, a bubblewrap sandbox (its own user, PID, mount,
 * IPC and UTS namespaces, host network) that every exec joins, limited through cgroup v1 or {@code
 * prlimit}. Entry point: {@link dev.atelier.runtime.local.LocalWorkspaceRuntime}.
 */
package dev.atelier.runtime.local;
