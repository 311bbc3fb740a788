package dev.atelier.server.terminal;

import java.time.Instant;

/**
 * A terminal of a workspace, as the REST API and the terminal panel list it.
 *
 * @param id stable id within the workspace, used in {@code /terminal/{workspaceId}/{id}}
 * @param name the tab title
 * @param createdAt when its shell started
 * @param alive whether its shell still runs
 * @param exitCode the shell's exit code once it ended, else {@code null}
 */
public record Terminal(
    String id, String name, Instant createdAt, boolean alive, Integer exitCode) {}
