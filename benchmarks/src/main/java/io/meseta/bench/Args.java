package io.meseta.bench;

/** {@code --name value} arguments of the benchmark commands. */
final class Args {
  private Args() {}

  static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
