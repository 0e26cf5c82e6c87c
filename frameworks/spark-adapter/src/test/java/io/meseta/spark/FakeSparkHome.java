package io.meseta.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A SPARK_HOME for {@code SparkLauncher}: {@code bin/spark-submit} runs the real
 * {@code org.apache.spark.deploy.SparkSubmit} on this test's classpath (the build's Spark, this
 * adapter and the test classes), with Spark's module options.
 */
final class FakeSparkHome {
  private FakeSparkHome() {}

  static Path create(Path home) throws IOException {
    Path bin = Files.createDirectories(home.resolve("bin"));
    Files.createDirectories(home.resolve("jars"));
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String script = "#!/bin/sh\nexec " + ExecutorCommand.quote(java) + " -Xmx512m "
        + String.join(" ", JavaModuleOptions.defaultModuleOptionArray()) + " -cp " + ExecutorCommand.quote(classpath)
        + " org.apache.spark.deploy.SparkSubmit \"$@\"\n";
    Path submit = bin.resolve("spark-submit");
    Files.writeString(submit, script);
    Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }
}
