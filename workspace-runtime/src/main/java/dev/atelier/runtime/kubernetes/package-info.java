/**
 * The Kubernetes workspace runtime: one pod per workspace, built from its stack, with a
 * PersistentVolumeClaim for {@code /workspace} and a NetworkPolicy that admits only the Atelier
 * server. Content is cloned by an init container; another copies the workspace agent in. Exec and
 * port discovery go through the API server's exec; files, the file watch and port connections go
 * through the workspace agent, reached over an exec's stdin and stdout; a pod informer maps pod
 * phases and container states to workspace phases. Entry point: {@link
 * dev.atelier.runtime.kubernetes.KubernetesWorkspaceRuntime}, configured by {@link
 * dev.atelier.runtime.kubernetes.KubernetesRuntimeProperties}.
 */
package dev.atelier.runtime.kubernetes;
