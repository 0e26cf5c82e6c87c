package io.meseta.master.durable;

/**
 * The registry's id lineage. {@code term} counts leadership terms: every master that becomes
 * leader (or restarts) bumps it before it serves, and makes it part of its master id, so offer ids
 * (prefixed by the master id) are never issued twice. The sequences continue across terms, so an
 * agent or framework id is never issued twice either.
 */
public record RegistryMeta(long term, long agentSequence, long frameworkSequence) {
  public static final RegistryMeta EMPTY = new RegistryMeta(0, 0, 0);

  public RegistryMeta {
    if (term < 0 || agentSequence < 0 || frameworkSequence < 0) {
      throw new IllegalArgumentException("registry counters must not be negative: term " + term + ", agents "
          + agentSequence + ", frameworks " + frameworkSequence);
    }
  }

  public RegistryMeta nextTerm() {
    return new RegistryMeta(term + 1, agentSequence, frameworkSequence);
  }

  public RegistryMeta nextAgent() {
    return new RegistryMeta(term, agentSequence + 1, frameworkSequence);
  }

  public RegistryMeta nextFramework() {
    return new RegistryMeta(term, agentSequence, frameworkSequence + 1);
  }
}
