package io.meseta.batch.cli;

import io.meseta.batch.client.BatchClient;
import io.meseta.batch.service.ServiceConfig;
import picocli.CommandLine.Option;

/** The {@code --service} flag the job commands share. */
final class ServiceOption {
  static final String ENV = "MESETA_BATCH_SERVICE";

  @Option(names = "--service", paramLabel = "HOST:PORT",
      description = "The job service (default: $" + ENV + ", else localhost:" + ServiceConfig.DEFAULT_PORT + ").")
  String service;

  BatchClient client() {
    String address = service != null ? service : System.getenv(ENV);
    if (address == null || address.isBlank()) {
      address = "localhost:" + ServiceConfig.DEFAULT_PORT;
    }
    return BatchClient.connect(address);
  }
}
