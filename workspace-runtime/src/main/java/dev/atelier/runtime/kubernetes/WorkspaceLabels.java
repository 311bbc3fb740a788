package dev.atelier.runtime.kubernetes;

import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Names, labels and annotations of the Kubernetes objects of a workspace. The pod, its volume claim
 * and its NetworkPolicy share one name, {@code ws-<workspace id>}; the labels let the server find
 * its pods again after a restart.
 */
final class WorkspaceLabels {

  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String MANAGED_BY_VALUE = "atelier";
  static final String NAME = "app.kubernetes.io/name";
  static final String NAME_VALUE = "atelier-workspace";
  static final String COMPONENT = "app.kubernetes.io/component";
  static final String COMPONENT_VALUE = "workspace";
  static final String WORKSPACE_ID = "atelier.dev/workspace-id";
  static final String OWNER = "atelier.dev/owner";
  static final String STACK = "atelier.dev/stack";

  static final String ANNOTATION_OWNER = "atelier.dev/owner";
  static final String ANNOTATION_STACK = "atelier.dev/stack";
  static final String ANNOTATION_STACK_NAME = "atelier.dev/stack-name";
  static final String ANNOTATION_REPOSITORY = "atelier.dev/repository";

  /** On the volume claim once the content was cloned and {@code postCreateCommand} succeeded. */
  static final String ANNOTATION_INITIALIZED = "atelier.dev/initialized";

  /** Lets {@code kubectl exec} pick the workspace container without {@code -c}. */
  static final String ANNOTATION_DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container";

  /** Selects every workspace pod of Atelier, whoever owns it. */
  static final Map<String, String> SELECTOR =
      Map.of(MANAGED_BY, MANAGED_BY_VALUE, COMPONENT, COMPONENT_VALUE);

  static final String PREFIX = "ws-";
  private static final int MAX_ID_LENGTH = 63 - PREFIX.length();
  private static final Pattern ID = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern LABEL_UNSAFE = Pattern.compile("[^A-Za-z0-9._-]+");

  private WorkspaceLabels() {}

  /** The name of the pod, volume claim and NetworkPolicy of a workspace. */
  static String objectName(String workspaceId) {
    requireValidId(workspaceId);
    return PREFIX + workspaceId;
  }

  /**
   * Checks that a workspace id can name Kubernetes objects and label them.
   *
   * @throws WorkspaceRuntimeException {@code NOT_FOUND} when it cannot (no such workspace can
   *     exist)
   */
  static void requireValidId(String workspaceId) {
    if (workspaceId == null
        || workspaceId.length() > MAX_ID_LENGTH
        || !ID.matcher(workspaceId).matches()) {
      throw new WorkspaceRuntimeException(
          ErrorCode.NOT_FOUND,
          "workspace id \""
              + workspaceId
              + "\" cannot name a Kubernetes pod: use lowercase letters, digits and '-', at most "
              + MAX_ID_LENGTH
              + " characters");
    }
  }

  /**
   * A label value from free text (an owner id, a stack id): characters Kubernetes refuses become
   * {@code -}, at most 63 characters, starting and ending with a letter or digit. The exact text
   * goes into an annotation next to it.
   */
  static String labelValue(String text) {
    if (text == null) {
      return "";
    }
    String value = LABEL_UNSAFE.matcher(text).replaceAll("-");
    if (value.length() > 63) {
      value = value.substring(0, 63);
    }
    int start = 0;
    int end = value.length();
    while (start < end && !Character.isLetterOrDigit(value.charAt(start))) {
      start++;
    }
    while (end > start && !Character.isLetterOrDigit(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(start, end);
  }

  /** The workspace id a pod belongs to, from its label, or {@code null} for a foreign pod. */
  static String workspaceIdOf(io.fabric8.kubernetes.api.model.HasMetadata object) {
    if (object == null
        || object.getMetadata() == null
        || object.getMetadata().getLabels() == null) {
      return null;
    }
    return object.getMetadata().getLabels().get(WORKSPACE_ID);
  }
}
