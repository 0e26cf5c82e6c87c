package io.meseta.slave.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meseta.core.ids.AgentId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Who this agent is, kept across restarts in {@code workDir/meta/agent.json}: the id the master
 * gave it and the master it last registered with. A restarted agent re-registers under that id.
 *
 * @param agentId the id the master gave this agent
 * @param master  the master ({@code host:port}) it last registered with; for the operator, since the
 *                configured master address decides where a restarted agent registers
 */
public record AgentCheckpoint(AgentId agentId, String master) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public AgentCheckpoint {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(master, "master");
  }

  /** The checkpoint file under an agent's work directory. */
  public static Path file(Path workDir) {
    return workDir.resolve("meta").resolve("agent.json");
  }

  /** The JSON form. */
  record Stored(int version, String agentId, String master) {}

  /**
   * The stored checkpoint; empty if there is none.
   *
   * @throws CheckpointException if the file exists but cannot be read or parsed
   */
  public static Optional<AgentCheckpoint> read(Path file) throws CheckpointException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CheckpointException(file, e.toString(), e);
    }
    try {
      Stored s = JSON.readValue(bytes, Stored.class);
      if (s == null || s.agentId() == null || s.master() == null) {
        throw new CheckpointException(file, "agentId and master are required", null);
      }
      return Optional.of(new AgentCheckpoint(AgentId.of(s.agentId()), s.master()));
    } catch (JsonProcessingException e) {
      throw new CheckpointException(file, "not the expected JSON: " + e.getOriginalMessage(), e);
    } catch (IOException | IllegalArgumentException e) {
      throw new CheckpointException(file, String.valueOf(e.getMessage()), e);
    }
  }

  /** Replaces the stored checkpoint atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter()
        .writeValueAsBytes(new Stored(1, agentId.value(), master)), true);
  }

  public static void delete(Path file) throws IOException {
    Files.deleteIfExists(file);
  }
}
