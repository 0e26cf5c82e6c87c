package io.meseta.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meseta.protocol.transport.HostPort;
import java.io.IOException;
import java.util.Objects;

/**
 * What the leading master publishes at {@link ZkUrl#leaderPath()}: where it serves Thrift and
 * its id. Stored as JSON: {@code {"host":"m1","port":5050,"masterId":"M..."}}.
 */
public record LeaderInfo(String host, int port, String masterId) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public LeaderInfo {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(masterId, "masterId");
  }

  public HostPort address() {
    return new HostPort(host, port);
  }

  public byte[] toBytes() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode " + this, e);
    }
  }

  /** @throws IllegalArgumentException if {@code bytes} is not a leader record */
  public static LeaderInfo fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("not a Meseta leader record: it is empty");
    }
    try {
      return JSON.readValue(bytes, LeaderInfo.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a Meseta leader record: " + e.getOriginalMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a Meseta leader record: " + e.getMessage(), e);
    }
  }
}
