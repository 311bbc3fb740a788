package dev.atelier.server.tasks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Tasks ({@code atelier.tasks.*}).
 *
 * @param outputPerRun how much of each run's most recent output is kept for replay (the live stream
 *     is not limited)
 * @param retainedRuns how many finished runs per workspace are kept for replay, newest first
 */
@ConfigurationProperties("atelier.tasks")
public record TaskProperties(
    @DefaultValue("1MB") DataSize outputPerRun, @DefaultValue("10") int retainedRuns) {

  public TaskProperties {
    if (outputPerRun.toBytes() < 1024 || outputPerRun.toBytes() > 64L * 1024 * 1024) {
      throw new IllegalArgumentException(
          "atelier.tasks.output-per-run must be between 1KB and 64MB, e.g. 1MB");
    }
    if (retainedRuns < 1) {
      throw new IllegalArgumentException("atelier.tasks.retained-runs must be at least 1");
    }
  }
}
