/**
 * The workspace agent: a small program that runs inside every workspace, as the workspace user, and
 * carries what the server needs from the workspace (file operations, the file watch, connections to
 * the workspace's own ports) over one multiplexed connection — its standard input and output.
 *
 * <p>{@link dev.atelier.agent.Wire} defines the frames both sides speak; {@link
 * dev.atelier.agent.StreamChannel} the flow-controlled byte streams both sides use. The server
 * never trusts what the agent says: it bounds every frame and validates every answer.
 */
package dev.atelier.agent;
