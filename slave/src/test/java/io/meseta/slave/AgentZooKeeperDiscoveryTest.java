package io.meseta.slave;

import static io.meseta.slave.AgentHarness.FW;
import static io.meseta.slave.AgentHarness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.meseta.discovery.LeaderInfo;
import io.meseta.discovery.MasterAddress;
import io.meseta.discovery.ZkSettings;
import io.meseta.discovery.ZkUrl;
import io.meseta.protocol.thrift.AgentService;
import io.meseta.protocol.thrift.RegisterAgentRequest;
import io.meseta.protocol.thrift.RunningTask;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.protocol.thrift.mesetaConstants;
import io.meseta.protocol.transport.HostPort;
import io.meseta.protocol.transport.RpcChannel;
import io.meseta.protocol.transport.RpcLimits;
import io.meseta.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent given a {@code zk://} master address: it registers with the leader published in a
 * real (in-process) ZooKeeper, and when another master takes over it registers there with its id
 * and its tasks.
 */
class AgentZooKeeperDiscoveryTest {
  @TempDir
  Path workDir;

  private TestingServer zooKeeper;
  private CuratorFramework client;
  private ZkUrl url;
  private FakeMaster first;
  private FakeMaster second;
  private Agent agent;

  @BeforeEach
  void start() throws Exception {
    zooKeeper = new TestingServer(true);
    client = CuratorFrameworkFactory.newClient(zooKeeper.getConnectString(), new RetryOneTime(100));
    client.start();
    url = ZkUrl.parse("zk://" + zooKeeper.getConnectString() + "/meseta");
    first = FakeMaster.start();
    second = FakeMaster.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (agent != null) {
      agent.close();
    }
    first.close();
    second.close();
    client.close();
    zooKeeper.close();
  }

  private static RegisterAgentRequest awaitRegistration(FakeMaster master) {
    return Await.value("a registration with " + master.address(), WAIT, master::registrations,
        r -> !r.isEmpty()).get(0);
  }

  @Test
  void registersWithThePublishedLeaderAndFollowsTheNextOneWithItsIdAndTasks() throws Exception {
    agent = Agent.start(AgentConfig.builder(MasterAddress.parse(url.toString()), workDir)
        .bindHost("127.0.0.1").port(0).httpPort(0).hostname(AgentHarness.HOSTNAME).resources(AgentHarness.RESOURCES)
        .registrationBackoffMax(Duration.ofMillis(200))
        .zooKeeper(ZkSettings.DEFAULT.withSessionTimeout(Duration.ofSeconds(3)))
        .build());
    assertFalse(agent.isRegistered(), "no leader is published yet");
    assertEquals(Optional.empty(), agent.master());

    client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
        .forPath(url.leaderPath(), new LeaderInfo("127.0.0.1", first.address().port(), "m1").toBytes());
    String id = agent.awaitRegistered(WAIT);
    assertEquals(Optional.of(first.address()), agent.master());
    RpcChannel channel = RpcChannel.open(new HostPort("127.0.0.1", agent.port()), RpcLimits.DEFAULT);
    try {
      channel.client(mesetaConstants.AGENT_SERVICE, AgentService.Client::new)
          .launchTasks(AgentHarness.launchRequest(AgentHarness.task(id, "t1", "exec sleep 300")));
    } finally {
      channel.close();
    }
    Await.until("t1 runs", WAIT, () -> agent.tasks().stream()
        .anyMatch(t -> t.state() == io.meseta.core.task.TaskState.RUNNING));

    client.setData().forPath(url.leaderPath(), new LeaderInfo("127.0.0.1", second.address().port(), "m2").toBytes());

    RegisterAgentRequest again = awaitRegistration(second);
    assertEquals(id, again.getAgentId());
    assertEquals(1, again.getRunningTasksSize(), String.valueOf(again.getRunningTasks()));
    RunningTask t = again.getRunningTasks().get(0);
    assertEquals(FW, t.getFrameworkId());
    assertEquals("t1", t.getTask().getTaskId());
    assertEquals(TaskState.RUNNING, t.getState());
    assertEquals(Optional.of(second.address()), agent.master());
  }
}
