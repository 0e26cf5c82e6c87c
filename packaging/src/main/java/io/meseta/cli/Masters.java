package io.meseta.cli;

import io.meseta.discovery.MasterAddress;
import io.meseta.discovery.MasterDetector;
import io.meseta.protocol.transport.HostPort;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Turns a {@code --master} flag (HOST:PORT or zk://...) into the leading master's address. */
final class Masters {
  static final String FLAG_HELP = "The master: HOST:PORT, or zk://HOST:PORT[,HOST:PORT...]/PATH to find the "
      + "elected leader (default ${DEFAULT-VALUE}).";

  private Masters() {}

  /**
   * The current leader.
   *
   * @throws IllegalArgumentException if the flag is malformed (names the problem)
   * @throws Main.UsageError          if no leader is known within {@code timeout}
   */
  static HostPort leader(String flag, Duration timeout) throws Main.UsageError, InterruptedException {
    MasterAddress address = MasterAddress.parse(flag);
    try (MasterDetector detector = MasterDetector.of(address)) {
      detector.start();
      return detector.awaitLeader(timeout);
    } catch (TimeoutException e) {
      throw new Main.UsageError(e.getMessage());
    }
  }
}
