package io.meseta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meseta.client.FrameworkClient;
import io.meseta.core.allocation.AllocatorConfig;
import io.meseta.core.resources.Resources;
import io.meseta.it.Scripts.Result;
import io.meseta.local.LocalCluster;
import io.meseta.master.MasterConfig;
import io.meseta.master.MasterSnapshot;
import io.meseta.protocol.thrift.FrameworkInfo;
import io.meseta.protocol.thrift.TaskState;
import io.meseta.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real task holding about 40 MB shows that usage in {@code bin/meseta tasks --json} and
 * {@code bin/meseta state}: sampled by its agent's isolators, sent with the agent's heartbeats, kept by
 * the master, printed by the real command line in a process of its own.
 */
class UsageIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Holds 40 MB in a shell variable while it sleeps: resident memory, seen by cgroups and by posix alike. */
  private static final String HOLD_40MB = "x=$(head -c 40000000 /dev/zero | tr '\\000' x); echo held; sleep 300";

  @TempDir
  Path dir;

  private LocalCluster cluster;
  private FrameworkClient client;
  private Scripts scripts;
  private String master;

  @BeforeEach
  void start() throws Exception {
    MasterConfig config = MasterConfig.defaults(dir.resolve("cluster")).withPort(0)
        .withPings(Duration.ofMillis(300), 10).withAllocator(AllocatorConfig.DEFAULT);
    cluster = LocalCluster.builder(config, dir.resolve("cluster")).agents(1).isolation(SharedHost.ISOLATION)
        .agentResources(Optional.of(Resources.parse("cpus:2;mem:1024;disk:1000"))).start();
    master = "localhost:" + cluster.master().port();
    scripts = new Scripts(dir);
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.stopAndTeardown();
    }
    scripts.close();
    cluster.close();
  }

  @Test
  void aTaskUsingMemoryShowsItsUsageInTasksAndState() throws Exception {
    Workload w = new Workload("mem", 1, Resources.cpusMem(0.5, 256), HOLD_40MB, 1, false);
    client = FrameworkClient.builder(cluster.masterAddress().toString(),
        new FrameworkInfo("usage", SharedHost.USER), w).build();
    client.start();
    Await.value("mem-1 runs", WAIT, () -> w.count(TaskState.RUNNING), n -> n >= 1);
    MasterSnapshot.TaskView seen = Await.value("the master holds a usage sample of mem-1 above 30 MB", WAIT,
        () -> cluster.master().snapshot(false).tasks().stream().filter(t -> t.id().value().equals("mem-1"))
            .findFirst().orElse(null),
        t -> t != null && t.usage().isPresent() && t.usage().get().memoryBytes() > 30_000_000);

    Result tasks = scripts.run("tasks", "--master", master, "--json");
    assertEquals(0, tasks.code(), tasks.describe());
    JsonNode list = JSON.readTree(tasks.out());
    assertEquals(1, list.size(), tasks.out());
    JsonNode task = list.get(0);
    assertEquals("mem-1", task.get("id").asText());
    assertEquals("RUNNING", task.get("state").asText());
    assertEquals("localhost", task.get("agent_host").asText());
    assertTrue(task.get("resources").asText().contains("mem:256"), task.toString());
    JsonNode usage = task.get("usage");
    assertTrue(usage.get("memory_bytes").asLong() > 30_000_000, usage.toString());
    assertTrue(usage.get("processes").asInt() >= 1, usage.toString());
    assertTrue(usage.get("cpu_seconds").asDouble() > 0, usage.toString());
    if (SharedHost.ISOLATION.startsWith("cgroups")) {
      assertEquals(256L << 20, usage.get("memory_limit_bytes").asLong(), usage.toString());
    }
    assertTrue(seen.usage().get().sampledAtMillis() <= usage.get("sampled_at_millis").asLong());

    Result text = scripts.run("tasks", "--master", master, "--framework", task.get("framework_id").asText());
    assertEquals(0, text.code(), text.describe());
    assertTrue(text.out().contains("mem-1") && text.out().contains("RUNNING") && text.out().contains("/256.0M")
        || !SharedHost.ISOLATION.startsWith("cgroups"), text.describe());

    Result state = scripts.run("state", "--master", master, "--json");
    JsonNode s = JSON.readTree(state.out());
    assertTrue(s.get("tasks").get(0).get("usage").get("memory_bytes").asLong() > 30_000_000, state.out());
    assertTrue(s.get("agents").get(0).get("http").asText().startsWith("localhost:"), state.out());

    Result unknown = scripts.run("tasks", "--master", master, "--framework", "no-such-framework");
    assertEquals(2, unknown.code(), unknown.describe());
    assertTrue(unknown.err().contains("the master knows no framework 'no-such-framework'"), unknown.describe());
  }
}
