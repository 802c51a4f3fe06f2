package io.mailcluster.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventTagsTest {

  private final EventTags tags = new EventTags("folder", 4);

  @Test
  void listsEveryTagOfTheSet() {
    assertEquals(List.of("folder-0", "folder-1", "folder-2", "folder-3"), tags.all());
  }

  @Test
  void givesAnEntityAlwaysTheSameTagOfTheSet() {
    String id = "f5878981-90ef-4bf9-aa74-baa8f4e8f4c7";
    assertEquals(tags.of(id), tags.of(id));
    // String.hashCode is specified: this is the tag every JVM computes for this id
    assertEquals("folder-" + Math.floorMod(id.hashCode(), 4), tags.of(id));
  }

  @Test
  void spreadsEntitiesOverEveryTag() {
    Set<String> seen = new TreeSet<>();
    for (int i = 0; i < 200; i++) {
      seen.add(tags.of(UUID.randomUUID().toString()));
    }
    assertEquals(Set.copyOf(tags.all()), seen);
  }

  @Test
  void needsAtLeastOneTag() {
    assertThrows(IllegalArgumentException.class, () -> new EventTags("folder", 0));
    assertEquals(List.of("directory-0"), new EventTags("directory", 1).all());
  }
}
