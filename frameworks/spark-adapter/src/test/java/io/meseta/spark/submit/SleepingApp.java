package io.meseta.spark.submit;

/** A driver main class that only waits, to be killed. */
public final class SleepingApp {
  private SleepingApp() {}

  public static void main(String[] args) throws InterruptedException {
    Thread.sleep(600_000);
  }
}
