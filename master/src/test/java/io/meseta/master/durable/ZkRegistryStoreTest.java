package io.meseta.master.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.task.TaskState;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ZooKeeper registry against a real in-process ZooKeeper. */
class ZkRegistryStoreTest {
  private static TestingServer zk;
  private static int run;
  private CuratorFramework client;
  private String root;

  @BeforeAll
  static void startZooKeeper() throws Exception {
    zk = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 100, -1), true);
  }

  @AfterAll
  static void stopZooKeeper() throws Exception {
    zk.close();
  }

  @BeforeEach
  void connect() throws InterruptedException {
    client = CuratorFrameworkFactory.newClient(zk.getConnectString(), 2000, 2000, new RetryOneTime(100));
    client.start();
    assertTrue(client.blockUntilConnected(10, TimeUnit.SECONDS));
    root = "/meseta" + (++run) + "/registry";
  }

  @AfterEach
  void close() {
    client.close();
  }

  private RegistryContents reload() throws RegistryException {
    try (ZkRegistryStore s = new ZkRegistryStore(client, root)) {
      return s.load();
    }
  }

  @Test
  void anEmptyPathLoadsEmpty() throws RegistryException {
    assertEquals(RegistryContents.EMPTY, reload());
  }

  @Test
  void whatIsAppliedComesBackInANewStore() throws RegistryException {
    try (ZkRegistryStore s = new ZkRegistryStore(client, root)) {
      s.load();
      for (RegistryChange c : RegistrySamples.history()) {
        s.apply(c);
      }
    }
    assertEquals(RegistrySamples.expected(), reload());
  }

  @Test
  void aStoreThatLoadedBeforeAnotherWroteCannotWrite() throws RegistryException {
    try (ZkRegistryStore old = new ZkRegistryStore(client, root);
        ZkRegistryStore next = new ZkRegistryStore(client, root)) {
      old.load();
      old.apply(RegistrySamples.history().get(0));
      next.load();
      next.apply(RegistryChange.metaOnly(new RegistryMeta(7, 2, 2))); // the new leader claims its term
      RegistryException e = assertThrows(RegistryException.class,
          () -> old.apply(RegistrySamples.history().get(1)));
      assertTrue(e.getMessage().contains("another master has written the registry"), e.getMessage());
      assertThrows(RegistryException.class, () -> old.apply(RegistrySamples.history().get(2)),
          "a store that failed stays unusable");
    }
    RegistryContents back = reload();
    assertEquals(7, back.meta().term());
    InMemoryRegistryStore expected = new InMemoryRegistryStore();
    expected.apply(RegistrySamples.history().get(0));
    assertEquals(expected.load().tasks(), back.tasks(), "the fenced write left nothing behind");
  }

  @Test
  void aBatchTooLargeForOneTransactionIsSplit() throws RegistryException {
    RegistryChange.Builder b = new RegistryChange.Builder().meta(new RegistryMeta(1, 1, 1))
        .putAgent(RegistrySamples.agent(RegistrySamples.A1, "h")).putFramework(RegistrySamples.framework(
            RegistrySamples.F1, "*"));
    for (int i = 0; i < 1_200; i++) {
      b.putTask(RegistrySamples.task(RegistrySamples.F1, "task-" + i, RegistrySamples.A1, TaskState.RUNNING, i));
    }
    RegistryChange big = b.build();
    try (ZkRegistryStore s = new ZkRegistryStore(client, root)) {
      s.load();
      s.apply(big);
    }
    InMemoryRegistryStore expected = new InMemoryRegistryStore();
    expected.apply(big);
    assertEquals(expected.load(), reload());
  }

  @Test
  void aCorruptNodeIsAnErrorNamingIt() throws Exception {
    reload();
    client.create().forPath(root + "/agents/A9", "{\"id\":".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    RegistryException e = assertThrows(RegistryException.class, this::reload);
    assertTrue(e.getMessage().contains(root + "/agents/A9"), e.getMessage());
  }
}
