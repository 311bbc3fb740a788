package dev.atelier.runtime.spi;

import java.time.Instant;

/**
 * A named condition explaining a phase: why a workspace failed or what it waits for, e.g. {@code
 * cloneFailed: repository not found}, {@code ImagePullBackOff: …}, {@code cloning: 42%}.
 *
 * @param type machine-readable name in lowerCamelCase (Kubernetes reasons keep their spelling)
 * @param message human-readable explanation, saying what to do where possible
 * @param at when the condition was observed
 */
public record Condition(String type, String message, Instant at) {
  public static Condition of(String type, String message) {
    return new Condition(type, message, Instant.now());
  }

  @Override
  public String toString() {
    return type + ": " + message;
  }
}
