package io.meseta.core.task;

import java.util.Objects;
import java.util.Optional;

/** A URI the agent downloads into the task's sandbox before starting it. */
public record FetchUri(String value, boolean executable, boolean extract, Optional<String> outputFile) {
  public FetchUri {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a URI to fetch is empty");
    }
    Objects.requireNonNull(outputFile, "outputFile");
    outputFile.ifPresent(f -> {
      if (f.isBlank() || f.contains("/") || f.equals("..") || f.equals(".")) {
        throw new IllegalArgumentException("output file '" + f + "' of URI " + value
            + " must be a plain file name inside the sandbox");
      }
    });
  }

  public static FetchUri of(String value) {
    return new FetchUri(value, false, false, Optional.empty());
  }
}
