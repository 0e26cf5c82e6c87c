package io.meseta.core.ids;

import java.util.regex.Pattern;

/** Validation shared by the id records. Ids become directory names, so their alphabet is narrow. */
final class Ids {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,254}");

  private Ids() {}

  static String check(String kind, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(kind + " must not be empty");
    }
    if (!VALID.matcher(value).matches()) {
      throw new IllegalArgumentException(kind + " '" + value
          + "' is invalid: use 1-255 characters from [A-Za-z0-9._:-], starting with a letter or digit");
    }
    return value;
  }
}
