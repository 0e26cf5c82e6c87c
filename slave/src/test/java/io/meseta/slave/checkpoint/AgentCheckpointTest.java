package io.meseta.slave.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meseta.core.ids.AgentId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentCheckpointTest {
  @TempDir
  Path workDir;

  @Test
  void roundTripsAndLivesInMeta() throws Exception {
    Path file = AgentCheckpoint.file(workDir);
    AgentCheckpoint c = new AgentCheckpoint(AgentId.of("agent-7"), "10.0.0.1:5050");

    c.write(file);

    assertEquals(workDir.resolve("meta/agent.json"), file);
    assertEquals(Optional.of(c), AgentCheckpoint.read(file));
    AgentCheckpoint.delete(file);
    assertEquals(Optional.empty(), AgentCheckpoint.read(file));
  }

  @Test
  void anUnreadableCheckpointIsAnErrorNamingTheFile() throws IOException {
    Path file = AgentCheckpoint.file(workDir);
    Files.createDirectories(file.getParent());
    for (String bad : new String[] {"", "{\"version\":1}", "{\"agentId\":\"no spaces allowed\",\"master\":\"m:1\"}",
        "[1,2"}) {
      Files.writeString(file, bad);
      CheckpointException e = assertThrows(CheckpointException.class, () -> AgentCheckpoint.read(file), bad);
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
      assertEquals(file, e.file());
    }
  }
}
