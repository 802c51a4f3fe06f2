package io.mailcluster.projections;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a projection instance remembers of the entities it alone writes for (their rows), so it
 * reads each from Cassandra once; the least recently used go past {@code capacity}. One
 * instance's handler runs one event at a time, so no locking.
 */
public final class LruCache<K, V> extends LinkedHashMap<K, V> {

  private final int capacity;

  public LruCache(int capacity) {
    super(256, 0.75f, true);
    this.capacity = capacity;
  }

  @Override
  protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
    return size() > capacity;
  }
}
