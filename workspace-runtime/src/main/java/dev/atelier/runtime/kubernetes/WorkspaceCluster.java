package dev.atelier.runtime.kubernetes;

import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import dev.atelier.runtime.spi.WorkspaceSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Kubernetes API call of the runtime, for one namespace: what {@code
 * deploy/kubernetes/rbac.yaml} must allow. A refused or failed call becomes a {@link
 * WorkspaceRuntimeException} ({@code IO}) that names the call and, for a 403, the Role to fix. It
 * also remembers which pods the runtime itself is deleting, so the informer does not report those
 * deletions as if someone else had made them.
 */
final class WorkspaceCluster {

  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceCluster.class);

  private final KubernetesClient client;
  private final String namespace;
  private final WorkspaceObjects objects;
  private final Set<String> deleting = ConcurrentHashMap.newKeySet();

  WorkspaceCluster(KubernetesClient client, String namespace, WorkspaceObjects objects) {
    this.client = client;
    this.namespace = namespace;
    this.objects = objects;
  }

  PodResource pod(String workspaceId) {
    return client.pods().inNamespace(namespace).withName(WorkspaceLabels.objectName(workspaceId));
  }

  Pod getPod(String workspaceId) {
    return call("read the pod of " + workspaceId, () -> pod(workspaceId).get());
  }

  ContainerResource container(String workspaceId) {
    return pod(workspaceId).inContainer(WorkspaceObjects.WORKSPACE_CONTAINER);
  }

  /**
   * The workspace container of a running pod.
   *
   * @throws WorkspaceRuntimeException {@code NOT_RUNNING} when the pod is missing or not running
   */
  ContainerResource runningContainer(String workspaceId) {
    WorkspaceLabels.requireValidId(workspaceId);
    Pod pod = getPod(workspaceId);
    if (pod == null
        || pod.getMetadata().getDeletionTimestamp() != null
        || pod.getStatus() == null
        || !"Running".equals(pod.getStatus().getPhase())) {
      throw new WorkspaceRuntimeException(
          ErrorCode.NOT_RUNNING, "workspace " + workspaceId + " is not running; start it first");
    }
    return container(workspaceId);
  }

  Pod createPod(Pod pod) {
    deleting.remove(WorkspaceLabels.workspaceIdOf(pod));
    return call(
        "create pod " + pod.getMetadata().getName(),
        () -> client.pods().inNamespace(namespace).resource(pod).create());
  }

  /** The ids of the workspaces with a pod that is not being deleted. */
  List<String> workspacePods() {
    return call(
        "list workspace pods",
        () ->
            client
                .pods()
                .inNamespace(namespace)
                .withLabels(WorkspaceLabels.SELECTOR)
                .list()
                .getItems()
                .stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .map(WorkspaceLabels::workspaceIdOf)
                .filter(Objects::nonNull)
                .toList());
  }

  SharedIndexInformer<Pod> inform(ResourceEventHandler<Pod> handler, long resyncMillis) {
    return call(
        "watch workspace pods",
        () ->
            client
                .pods()
                .inNamespace(namespace)
                .withLabels(WorkspaceLabels.SELECTOR)
                .inform(handler, resyncMillis));
  }

  /** The workspace's volume claim, created from the spec when missing. */
  PersistentVolumeClaim ensureVolume(WorkspaceSpec spec) {
    String name = WorkspaceLabels.objectName(spec.workspaceId());
    return call(
        "create volume claim " + name,
        () -> {
          PersistentVolumeClaim claim =
              client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
          return claim != null
              ? claim
              : client
                  .persistentVolumeClaims()
                  .inNamespace(namespace)
                  .resource(objects.volumeClaim(spec, spec.stack()))
                  .create();
        });
  }

  /**
   * Creates the workspace's NetworkPolicy, or brings it up to date when the server labels changed.
   */
  void ensureNetworkPolicy(WorkspaceSpec spec) {
    NetworkPolicy wanted = objects.networkPolicy(spec, spec.stack());
    String name = wanted.getMetadata().getName();
    call(
        "create network policy " + name,
        () -> {
          var policies = client.network().v1().networkPolicies().inNamespace(namespace);
          NetworkPolicy existing = policies.withName(name).get();
          if (existing == null) {
            return policies.resource(wanted).create();
          }
          if (!Objects.equals(existing.getSpec(), wanted.getSpec())) {
            return policies
                .withName(name)
                .edit(
                    policy -> {
                      policy.setSpec(wanted.getSpec());
                      return policy;
                    });
          }
          return existing;
        });
  }

  /** Marks the volume as cloned and set up, so later starts skip both. */
  void markInitialized(String workspaceId) {
    String name = WorkspaceLabels.objectName(workspaceId);
    call(
        "annotate volume claim " + name,
        () ->
            client
                .persistentVolumeClaims()
                .inNamespace(namespace)
                .withName(name)
                .edit(
                    claim -> {
                      if (claim.getMetadata().getAnnotations() == null) {
                        claim.getMetadata().setAnnotations(new LinkedHashMap<>());
                      }
                      claim
                          .getMetadata()
                          .getAnnotations()
                          .put(WorkspaceLabels.ANNOTATION_INITIALIZED, "true");
                      return claim;
                    }));
  }

  /** The end of the clone init container's log, for progress; empty when it cannot be read. */
  Optional<String> cloneLog(String workspaceId) {
    try {
      return Optional.ofNullable(
          pod(workspaceId).inContainer(WorkspaceObjects.CLONE_CONTAINER).tailingLines(2).getLog());
    } catch (KubernetesClientException e) {
      return Optional.empty();
    }
  }

  /** Deletes the pod and waits until it is gone; after {@code timeout} it is deleted at once. */
  void deletePodAndWait(String workspaceId, Duration timeout) {
    deleting.add(workspaceId);
    PodResource resource = pod(workspaceId);
    call("delete the pod of " + workspaceId, resource::delete);
    try {
      resource.waitUntilCondition(Objects::isNull, timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (KubernetesClientTimeoutException e) {
      LOG.warn(
          "pod of workspace {} still terminating after {}; deleting it at once",
          workspaceId,
          timeout);
      call("delete the pod of " + workspaceId, () -> resource.withGracePeriod(0).delete());
    } catch (KubernetesClientException e) {
      throw translate("wait for the pod of " + workspaceId + " to go", e);
    }
  }

  /** Deletes the pod of a failed workspace without waiting; a failure is only logged. */
  void deletePodQuietly(String workspaceId) {
    deleting.add(workspaceId);
    try {
      pod(workspaceId).delete();
    } catch (KubernetesClientException e) {
      LOG.warn("could not delete the pod of failed workspace {}: {}", workspaceId, e.getMessage());
    }
  }

  /** Removes the volume claim and the NetworkPolicy. */
  void deleteStorageAndPolicy(String workspaceId) {
    String name = WorkspaceLabels.objectName(workspaceId);
    call(
        "delete network policy " + name,
        () ->
            client.network().v1().networkPolicies().inNamespace(namespace).withName(name).delete());
    call(
        "delete volume claim " + name,
        () -> client.persistentVolumeClaims().inNamespace(namespace).withName(name).delete());
  }

  /** Whether the runtime itself is deleting this workspace's pod. */
  boolean isDeleting(String workspaceId) {
    return deleting.contains(workspaceId);
  }

  /** Called when a pod deletion was observed: whether the runtime had asked for it. */
  boolean deletionObserved(String workspaceId) {
    return deleting.remove(workspaceId);
  }

  private <T> T call(String what, Supplier<T> action) {
    try {
      return action.get();
    } catch (KubernetesClientException e) {
      throw translate(what, e);
    }
  }

  private WorkspaceRuntimeException translate(String what, KubernetesClientException e) {
    String hint =
        e.getCode() == HttpURLConnection.HTTP_FORBIDDEN
            ? "; the server's service account lacks this permission, apply deploy/kubernetes/rbac.yaml"
            : "";
    return new WorkspaceRuntimeException(
        ErrorCode.IO,
        "Kubernetes API: cannot "
            + what
            + " in namespace "
            + namespace
            + ": "
            + e.getMessage()
            + hint,
        e);
  }
}
