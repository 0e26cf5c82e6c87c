package io.meseta.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What a finished application's Spark event log (one JSON event per line, uncompressed) says. */
record EventLog(Map<Integer, Map<String, Integer>> localityByStage, Map<String, String> executorHosts) {

  /**
   * Reads the only application's event log in {@code dir}: Spark 4 writes rolling logs by default,
   * a folder {@code eventlog_v2_APP} of {@code events_N_APP} files.
   */
  static EventLog read(Path dir) throws IOException {
    List<Path> logs;
    try (Stream<Path> files = Files.walk(dir)) {
      logs = files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().startsWith("events_")
          || f.getParent().equals(dir)).sorted().toList();
    }
    if (logs.isEmpty()) {
      throw new IllegalStateException("no event log in " + dir);
    }
    ObjectMapper json = new ObjectMapper();
    Map<Integer, Map<String, Integer>> byStage = new TreeMap<>();
    Map<String, String> hosts = new TreeMap<>();
    List<String> lines = new java.util.ArrayList<>();
    for (Path log : logs) {
      lines.addAll(Files.readAllLines(log, StandardCharsets.UTF_8));
    }
    for (String line : lines) {
      JsonNode e = json.readTree(line);
      switch (e.path("Event").asText()) {
        case "SparkListenerTaskEnd" -> {
          JsonNode info = e.path("Task Info");
          if (!info.path("Failed").asBoolean() && !info.path("Killed").asBoolean()) {
            byStage.computeIfAbsent(e.path("Stage ID").asInt(), s -> new TreeMap<>())
                .merge(info.path("Locality").asText(), 1, Integer::sum);
          }
        }
        case "SparkListenerExecutorAdded" ->
            hosts.put(e.path("Executor ID").asText(), e.path("Executor Info").path("Host").asText());
        default -> { }
      }
    }
    return new EventLog(byStage, hosts);
  }
}
