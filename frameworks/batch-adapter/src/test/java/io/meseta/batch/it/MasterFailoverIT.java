package io.meseta.batch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.meseta.batch.client.BatchClient;
import io.meseta.batch.engine.JobPhase;
import io.meseta.batch.engine.TaskPhase;
import io.meseta.batch.engine.TaskRecord;
import io.meseta.batch.service.JobService;
import io.meseta.batch.service.ServiceConfig;
import io.meseta.batch.spec.JobSpecParser.Format;
import io.meseta.batch.status.JobStatus;
import io.meseta.core.resources.Resources;
import io.meseta.local.LocalCluster;
import io.meseta.master.MasterConfig;
import io.meseta.master.MesetaMaster;
import io.meseta.slave.Agent;
import io.meseta.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Two masters elected through ZooKeeper; the leader is stopped while a job's first stage runs. The
 * service follows the new leader (zk:// master address), reconciles, and the job completes with
 * every task run exactly once.
 */
class MasterFailoverIT {
  @Test
  void aJobCompletesAcrossAMasterFailoverWithoutRunningAnyTaskTwice() throws Exception {
    Path dir = BatchTestCluster.tempDir("batch-failover");
    try (LocalCluster cluster = LocalCluster.builder(MasterConfig.defaults(dir.resolve("master")).withPort(0), dir)
        .masters(2).agents(2).agentResources(Optional.of(Resources.parse("cpus:2;mem:1024;disk:1000"))).start()) {
      for (Agent a : cluster.agents()) {
        a.awaitRegistered(Duration.ofSeconds(60));
      }
      try (JobService service = JobService.start(ServiceConfig.defaults(cluster.masterAddress().toString(),
          dir.resolve("batch-state")).withPort(0))) {
        BatchClient client = BatchClient.connect("127.0.0.1:" + service.address().getPort());
        String job = client.submit("""
            name: failover
            stages:
              - name: first
                tasks: [{name: a, command: 'sleep 4'}, {name: b, command: 'sleep 4'}, {name: c, command: 'sleep 4'}]
              - name: second
                dependsOn: [first]
                tasks: [{name: a, command: 'true'}]
            """, Format.YAML);
        Await.until("the first stage runs", Duration.ofMinutes(1),
            () -> service.job(job).orElseThrow().count(TaskPhase.RUNNING) == 3);
        MesetaMaster leader = cluster.master();
        cluster.stopMaster(leader);
        MesetaMaster next = Await.value("a new leader", Duration.ofMinutes(1), () -> cluster.masters().stream()
            .filter(MesetaMaster::isLeader).findFirst(), Optional::isPresent).orElseThrow();
        assertNotEquals(leader.masterId(), next.masterId());

        JobStatus end = Await.value("the job ends", Duration.ofMinutes(3), () -> service.job(job).orElseThrow(),
            s -> s.phase().isTerminal());
        assertEquals(JobPhase.SUCCEEDED, end.phase(), end.tasks().toString());
        for (TaskRecord t : end.tasks()) {
          assertEquals(1, t.attempts(), t.toString());
        }
      }
    }
  }
}
