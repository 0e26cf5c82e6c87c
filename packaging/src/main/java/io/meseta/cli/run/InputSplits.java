package io.meseta.cli.run;

import io.meseta.hdfs.conf.HadoopConf;
import io.meseta.hdfs.conf.HadoopConfigException;
import io.meseta.hdfs.fs.HadoopFileSystems;
import io.meseta.hdfs.fs.HdfsAccessException.Failure;
import io.meseta.hdfs.locality.Split;
import io.meseta.hdfs.locality.SplitOptions;
import io.meseta.hdfs.locality.SplitResolutionException;
import io.meseta.hdfs.locality.SplitResolver;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The splits of {@code meseta run --input}s, resolved on the client through the Hadoop client. */
public final class InputSplits {
  private InputSplits() {}

  /** The user named something that cannot be run over: a missing path, a bad URI, a bad configuration. */
  public static final class BadInputException extends Exception {
    private static final long serialVersionUID = 1L;

    BadInputException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * One split per block of each file the inputs name (a whole file for one compressed without a
   * splittable codec), sorted by path and offset.
   *
   * @param confDir the Hadoop configuration directory; empty: {@code HADOOP_CONF_DIR}, else Hadoop's defaults
   * @throws BadInputException for an input that does not exist or is not valid, or an unusable configuration
   * @throws SplitResolutionException when the name node cannot be reached or another I/O error occurs
   */
  public static List<Split> resolve(List<String> inputs, Optional<Path> confDir)
      throws BadInputException, SplitResolutionException {
    HadoopConf conf;
    try {
      conf = HadoopConf.load(confDir);
    } catch (HadoopConfigException e) {
      throw new BadInputException(e.getMessage(), e);
    }
    try (HadoopFileSystems fileSystems = new HadoopFileSystems(conf)) {
      return new SplitResolver(fileSystems).resolve(inputs, SplitOptions.defaults());
    } catch (SplitResolutionException e) {
      if (e.failure() == Failure.NOT_FOUND || e.failure() == Failure.INVALID) {
        throw new BadInputException(e.getMessage(), e);
      }
      throw e;
    }
  }
}
