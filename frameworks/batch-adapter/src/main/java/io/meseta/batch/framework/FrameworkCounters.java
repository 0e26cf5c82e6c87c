package io.meseta.batch.framework;

/**
 * What the batch framework has done with the master since it started: offers received and
 * declined (those declined although the master called them node-local or rack-local apart), tasks
 * launched, and how often it stated locality wishes.
 */
public record FrameworkCounters(long offers, long declined, long declinedLocal, long launched, long wishCalls) {
  public static final FrameworkCounters ZERO = new FrameworkCounters(0, 0, 0, 0, 0);

  /** These counters less {@code before}'s. */
  public FrameworkCounters since(FrameworkCounters before) {
    return new FrameworkCounters(offers - before.offers, declined - before.declined,
        declinedLocal - before.declinedLocal, launched - before.launched, wishCalls - before.wishCalls);
  }

  @Override
  public String toString() {
    return offers + " offers (" + declined + " declined, " + declinedLocal + " of them node- or rack-local), "
        + launched + " launches, " + wishCalls + " locality calls";
  }
}
