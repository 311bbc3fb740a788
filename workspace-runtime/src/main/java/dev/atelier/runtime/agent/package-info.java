/**
 * The server's side of the workspace agent ({@code dev.atelier.agent}): one multiplexed connection
 * per running workspace ({@link dev.atelier.runtime.agent.AgentConnection}), and the runtime SPI's
 * file access and port connections on top of it. Every frame and answer from the agent is bounded
 * and validated: the agent runs as the workspace user and is not trusted.
 */
package dev.atelier.runtime.agent;
