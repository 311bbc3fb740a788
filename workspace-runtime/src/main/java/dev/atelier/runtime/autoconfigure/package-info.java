/**
 * Spring Boot wiring of the workspace runtime: {@link
 * dev.atelier.runtime.autoconfigure.RuntimeProperties} ({@code atelier.runtime.*}), the default
 * {@code local} runtime ({@link
 * dev.atelier.runtime.autoconfigure.WorkspaceRuntimeAutoConfiguration}) and the {@code kubernetes}
 * runtime selected by configuration.
 */
package dev.atelier.runtime.autoconfigure;
