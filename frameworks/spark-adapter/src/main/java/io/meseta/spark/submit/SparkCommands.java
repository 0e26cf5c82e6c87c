package io.meseta.spark.submit;

import io.meseta.spark.quickstart.SparkQuickstart;
import java.util.Arrays;

/**
 * Entry point of {@code bin/meseta spark-*}: {@code spark-submit} ({@link SparkSubmitMain}) and
 * {@code spark-quickstart} ({@link SparkQuickstart}). The script starts this JVM with Spark's
 * module options ({@code frameworks/spark-adapter/jvm.options}), as a driver in it needs them.
 */
public final class SparkCommands {
  private SparkCommands() {}

  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "" : args[0];
    String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    switch (command) {
      case "spark-submit" -> SparkSubmitMain.main(rest);
      case "spark-quickstart" -> {
        if (System.getenv("MESETA_LOG_CONFIG") == null) { // before anything logs: warnings only
          System.setProperty("log4j2.configurationFile", "classpath:io/meseta/spark/quickstart/log4j2-quickstart.xml");
        }
        SparkQuickstart.main(rest);
      }
      default -> {
        System.err.println("meseta: unknown command '" + command + "': spark-submit or spark-quickstart");
        System.exit(2);
      }
    }
  }
}
