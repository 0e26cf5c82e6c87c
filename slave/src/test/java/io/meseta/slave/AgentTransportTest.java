package io.meseta.slave;

import static io.meseta.slave.AgentHarness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.meseta.protocol.thrift.AgentService;
import io.meseta.protocol.thrift.AgentStateRequest;
import io.meseta.protocol.thrift.mesetaConstants;
import io.meseta.protocol.transport.HostPort;
import io.meseta.protocol.transport.RpcChannel;
import io.meseta.protocol.transport.RpcLimits;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bytes that are not Thrift close the connection that sent them and nothing else. */
class AgentTransportTest {
  private static final int MAX_FRAME = 64 * 1024;

  @TempDir
  Path workDir;

  private AgentHarness h;

  @BeforeEach
  void start() throws Exception {
    h = AgentHarness.start(workDir, b -> b.rpcLimits(new RpcLimits(MAX_FRAME, 5_000, 10_000, 60_000)));
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  /** Sends {@code bytes} on a raw connection and asserts that the agent closes it. */
  private void assertClosedAfter(byte[] bytes) throws IOException {
    try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), h.agent.port())) {
      raw.setSoTimeout((int) WAIT.toMillis());
      raw.getOutputStream().write(bytes);
      raw.getOutputStream().flush();
      InputStream in = raw.getInputStream();
      try {
        assertEquals(-1, in.read(), "the agent must close the connection, not answer");
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the agent left the connection open", e);
      } catch (SocketException e) {
        // a reset also closes it
      }
    }
  }

  private static byte[] frame(int declaredLength, byte[] payload) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(declaredLength);
    data.write(payload);
    return out.toByteArray();
  }

  private void assertServes(AgentService.Client client) throws Exception {
    assertEquals(h.agentId, client.getState(new AgentStateRequest()).getAgentId());
  }

  @Test
  void garbageClosesOnlyItsOwnConnection() throws Exception {
    assertServes(h.client); // an established connection, before the garbage

    byte[] junk = "GET / HTTP/1.1\r\nHost: agent\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    assertClosedAfter(frame(junk.length, junk));

    assertServes(h.client);
    try (RpcChannel fresh = RpcChannel.open(new HostPort("127.0.0.1", h.agent.port()), RpcLimits.DEFAULT)) {
      assertServes(fresh.client(mesetaConstants.AGENT_SERVICE, AgentService.Client::new));
    }
  }

  @Test
  void anOversizedFrameClosesOnlyItsOwnConnection() throws Exception {
    assertClosedAfter(frame(MAX_FRAME + 1, new byte[16]));
    assertClosedAfter(frame(Integer.MAX_VALUE, new byte[16]));
    assertClosedAfter(frame(-1, new byte[16]));

    assertServes(h.client);
    try (RpcChannel fresh = RpcChannel.open(new HostPort("127.0.0.1", h.agent.port()), RpcLimits.DEFAULT)) {
      assertServes(fresh.client(mesetaConstants.AGENT_SERVICE, AgentService.Client::new));
    }
  }

  @Test
  void aCallToAnUnknownServiceFailsWithoutHarm() throws Exception {
    try (RpcChannel wrong = RpcChannel.open(new HostPort("127.0.0.1", h.agent.port()), RpcLimits.DEFAULT)) {
      AgentService.Client client = wrong.client("no-such-service", AgentService.Client::new);
      assertThrows(org.apache.thrift.TException.class, () -> client.getState(new AgentStateRequest()));
    }

    assertServes(h.client);
  }
}
