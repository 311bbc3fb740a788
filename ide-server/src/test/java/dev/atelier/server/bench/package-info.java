/** Benchmarks: programs with a {@code main} that print figures; not tests, never run in CI. */
package dev.atelier.server.bench;
