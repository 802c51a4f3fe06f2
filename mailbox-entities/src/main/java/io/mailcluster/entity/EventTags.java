package io.mailcluster.entity;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The fixed set of journal tags one entity type spreads its events over, so that projections
 * can read them in parallel (one projection instance per tag). Every event of an entity carries
 * the same tag, chosen from its id, so one instance sees all of an entity's events in order.
 *
 * <p>The set is part of the journal format: events keep the tag they were written with, so the
 * count may grow (projections then read old and new tags) but a tag must never change meaning.
 */
public record EventTags(String prefix, int count) {

  public EventTags {
    if (count < 1) {
      throw new IllegalArgumentException("an entity type needs at least one tag");
    }
  }

  /** The tag of the entity with this id (String.hashCode is specified, so stable across JVMs). */
  public String of(String entityId) {
    return prefix + "-" + Math.floorMod(entityId.hashCode(), count);
  }

  /** Every tag of the set, in order. */
  public List<String> all() {
    return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
  }
}
