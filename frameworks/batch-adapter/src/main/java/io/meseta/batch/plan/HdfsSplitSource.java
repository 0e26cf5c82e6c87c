package io.meseta.batch.plan;

import io.meseta.batch.spec.ForEachSpec;
import io.meseta.batch.spec.JobSpecException;
import io.meseta.batch.spec.SplitMode;
import io.meseta.hdfs.fs.HadoopFileSystems;
import io.meseta.hdfs.locality.Split;
import io.meseta.hdfs.locality.SplitOptions;
import io.meseta.hdfs.locality.SplitResolutionException;
import io.meseta.hdfs.locality.SplitResolver;
import java.util.List;
import java.util.Objects;

/** Resolves forEach inputs through the name node with hdfs-integration's {@link SplitResolver}. */
public final class HdfsSplitSource implements SplitSource {
  private final SplitResolver resolver;

  public HdfsSplitSource(HadoopFileSystems fileSystems) {
    this.resolver = new SplitResolver(Objects.requireNonNull(fileSystems, "fileSystems"));
  }

  @Override
  public List<Split> splits(String stage, ForEachSpec input) throws JobSpecException {
    SplitOptions options = SplitOptions.defaults().withRecursive(input.recursive())
        .withWholeFiles(input.mode() == SplitMode.FILES);
    try {
      return resolver.resolve(input.inputs(), options);
    } catch (SplitResolutionException e) {
      throw new JobSpecException("stage '" + stage + "' forEach.input: " + e.getMessage());
    }
  }
}
