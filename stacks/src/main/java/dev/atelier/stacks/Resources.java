package dev.atelier.stacks;

/**
 * Resource limits of a workspace. A value of 0 means "no limit".
 *
 * @param cpuMillis CPU in thousandths of a core ({@code "cpu": 1.5} in the file is 1500)
 * @param memoryBytes memory limit in bytes ({@code "memory": "2Gi"} or {@code "512m"} in the file)
 * @param pids maximum number of processes
 */
public record Resources(long cpuMillis, long memoryBytes, long pids) {

  public static final Resources UNLIMITED = new Resources(0, 0, 0);
}
