package io.meseta.protocol.http;

import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.json.MetricsModule;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A metric registry as JSON, written by metrics-json's {@link MetricsModule}: {@code version},
 * then {@code gauges}, {@code counters}, {@code histograms}, {@code meters} and {@code timers},
 * each a map from metric name to its values. Rates are per second, durations in milliseconds.
 */
public final class MetricsJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new MetricsModule(TimeUnit.SECONDS, TimeUnit.MILLISECONDS, false, MetricFilter.ALL))
      .enable(SerializationFeature.INDENT_OUTPUT);

  private MetricsJson() {}

  public static byte[] write(MetricRegistry registry) {
    try {
      return MAPPER.writeValueAsBytes(registry);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the metrics as JSON: " + e.getMessage(), e);
    }
  }

  /** The {@code GET /metrics} endpoint of {@code registry}. */
  public static HttpEndpoints.Route endpoint(MetricRegistry registry) {
    return query -> new HttpReply(200, HttpReply.JSON, write(registry), Map.of());
  }
}
