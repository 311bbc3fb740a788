package dev.atelier.gateway;

import dev.atelier.gateway.launch.ServerLaunch;
import dev.atelier.gateway.spi.DocumentSource;
import dev.atelier.gateway.spi.WorkspaceStacks;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/** What every workspace's language services share: collaborators, settings and threads. */
record GatewayContext(
    WorkspaceRuntime runtime,
    WorkspaceStacks stacks,
    DocumentSource documents,
    GatewayOptions options,
    ServerLaunch.Settings launchSettings,
    ExecutorService pool,
    ScheduledExecutorService scheduler,
    Consumer<WorkspaceLanguages> retire,
    DiagnosticsListener diagnosticsListener) {}
