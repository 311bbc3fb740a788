package dev.atelier.runtime.agent;

import dev.atelier.agent.Wire;
import dev.atelier.runtime.spi.PortConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A connection to a workspace port made by the agent inside the workspace and relayed over its
 * channel, flow-controlled in both directions.
 */
public final class AgentPortConnection implements PortConnection {

  private final AgentConnection.Pending call;

  private AgentPortConnection(AgentConnection.Pending call) {
    this.call = call;
  }

  /**
   * Asks the agent to connect to {@code port} on the workspace's loopback address.
   *
   * @throws dev.atelier.runtime.spi.WorkspaceRuntimeException {@code PORT_UNREACHABLE} when nothing
   *     accepts it, {@code AGENT_UNAVAILABLE} when the agent does not answer
   */
  public static AgentPortConnection open(AgentConnection agent, int port) {
    AgentConnection.Pending call =
        agent.call(Wire.OP_FORWARD, new Wire.Payload().i32(port), 0, null);
    try {
      call.result(agent.callTimeout());
    } catch (RuntimeException e) {
      call.close();
      throw e;
    }
    return new AgentPortConnection(call);
  }

  @Override
  public InputStream input() {
    return call.stream.input();
  }

  @Override
  public OutputStream output() {
    return call.stream.output();
  }

  @Override
  public void shutdownOutput() throws IOException {
    call.stream.output().close();
  }

  @Override
  public void close() {
    call.close();
  }
}
