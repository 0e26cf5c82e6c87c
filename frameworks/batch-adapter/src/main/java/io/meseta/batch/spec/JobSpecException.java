package io.meseta.batch.spec;

import java.util.List;

/** A job spec that cannot run; {@link #problems()} names each thing wrong with it, where it is. */
public final class JobSpecException extends Exception {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public JobSpecException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public JobSpecException(String problem) {
    this(List.of(problem));
  }

  public List<String> problems() {
    return problems;
  }
}
