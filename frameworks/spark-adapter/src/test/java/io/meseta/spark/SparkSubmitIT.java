package io.meseta.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meseta.core.resources.Resources;
import io.meseta.local.LocalCluster;
import io.meseta.master.MasterConfig;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.spark.deploy.SparkSubmit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real {@code org.apache.spark.deploy.SparkSubmit} in client mode with the
 * {@code spark+meseta://} alias: an application jar with a main class, as a user would submit it.
 * The driver runs in this JVM; executors are Meseta tasks.
 */
class SparkSubmitIT {
  private Path dir;
  private LocalCluster cluster;
  private final Properties before = (Properties) System.getProperties().clone();

  @AfterEach
  void cleanUp() {
    // SparkSubmit copies the application's conf into system properties: put them back.
    System.getProperties().keySet().removeIf(k -> !before.containsKey(k));
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void sparkSubmitInClientModeRunsTheWordCountOnMeseta() throws Exception {
    dir = SparkOnMesetaIT.workDir("spark-submit-");
    cluster = LocalCluster.start(MasterConfig.defaults(dir.resolve("cluster")).withPort(0), 2, dir.resolve("cluster"),
        Optional.of(Resources.parse("cpus:2;mem:2048;disk:4000")));
    Path input = dir.resolve("words.txt");
    Files.writeString(input, "to be or not to be\nthat is the question\nto be\n");
    Map<String, Long> expected;
    SparkSession local = SparkOnMesetaIT.base("local", dir).master("local[2]").getOrCreate();
    try {
      expected = WordCountApp.count(local, input.toString());
    } finally {
      local.stop();
    }
    Path jar = applicationJar(dir.resolve("wordcount.jar"));
    Path output = dir.resolve("counts.tsv");

    List<String> args = new ArrayList<>(List.of("--master", "spark+meseta://" + cluster.masterAddress(),
        "--deploy-mode", "client", "--class", WordCountApp.class.getName(), "--name", "word count (spark-submit)"));
    SparkOnMesetaIT.settings(dir).forEach((k, v) -> args.addAll(List.of("--conf", k + "=" + v)));
    args.addAll(List.of(jar.toString(), input.toString(), output.toString()));
    SparkSubmit.main(args.toArray(String[]::new));

    assertEquals(expected, WordCountApp.read(output));
  }

  static Path applicationJar(Path jar) throws IOException, URISyntaxException {
    return SparkTestSupport.applicationJar(jar);
  }
}
