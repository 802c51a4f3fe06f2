package io.mailcluster.projections;

/**
 * The entity that wrote an event, from its persistence id ({@code "Folder|<id>"}).
 *
 * @param entityType the entity type key's name, e.g. {@code Folder} or {@code Account}
 */
public record EventSource(String entityType, String entityId) {

  public static EventSource of(String persistenceId) {
    int bar = persistenceId.indexOf('|');
    if (bar < 0) {
      throw new IllegalArgumentException("not an entity's persistence id: " + persistenceId);
    }
    return new EventSource(persistenceId.substring(0, bar), persistenceId.substring(bar + 1));
  }
}
