package io.meseta.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.launcher.LauncherBackend;

/**
 * The connection to a {@code SparkLauncher} that started this application, if one did (it
 * passes its port and secret in the environment): reports the app id and state so the launcher's
 * handle moves, and stops the application when the handle asks. Without a launcher every call is
 * a no-op.
 */
final class LauncherLink extends LauncherBackend {
  private final SparkConf conf;
  private final Runnable stopApplication;

  LauncherLink(SparkConf conf, Runnable stopApplication) {
    this.conf = conf;
    this.stopApplication = stopApplication;
  }

  @Override
  public SparkConf conf() {
    return conf;
  }

  @Override
  public void onStopRequest() {
    stopApplication.run();
  }
}
