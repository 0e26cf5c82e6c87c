package io.meseta.batch.spec;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One task of a stage, or the template of every task of a {@code forEach} stage.
 *
 * @param name      unique in its stage (a forEach template's name is the stage's)
 * @param program   what it runs
 * @param resources what one attempt needs
 * @param env       environment variables added to the ones Meseta and the batch adapter set
 * @param retries   attempts and backoff
 * @param timeout   how long one attempt may run before it is killed (and retried); empty: no limit
 */
public record TaskSpec(String name, Program program, TaskResources resources, Map<String, String> env,
    RetryPolicy retries, Optional<Duration> timeout) {
  public TaskSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(program, "program");
    Objects.requireNonNull(resources, "resources");
    env = Collections.unmodifiableMap(new TreeMap<>(env));
    Objects.requireNonNull(retries, "retries");
    Objects.requireNonNull(timeout, "timeout");
  }
}
