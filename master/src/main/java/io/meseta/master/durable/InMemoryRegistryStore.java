package io.meseta.master.durable;

/**
 * A registry that lives as long as this object: for component tests, and for a master driven
 * without durability. Loading after {@link #apply} gives back what was applied, like the real stores.
 */
public final class InMemoryRegistryStore implements RegistryStore {
  private final RegistryImage image;
  private int batches;

  public InMemoryRegistryStore() {
    this.image = new RegistryImage();
  }

  public InMemoryRegistryStore(RegistryContents initial) {
    this.image = new RegistryImage(initial);
  }

  @Override
  public RegistryContents load() {
    return image.contents();
  }

  @Override
  public void apply(RegistryChange change) {
    image.apply(change);
    batches++;
  }

  /** How many batches were applied. */
  public int batches() {
    return batches;
  }

  @Override
  public String describe() {
    return "an in-memory registry";
  }

  @Override
  public void close() {}
}
