package io.mailcluster.control;

import static io.mailcluster.control.Replies.assertAck;
import static io.mailcluster.control.Replies.assertSuccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.control.DomainDirectory.DomainListed;
import io.mailcluster.control.DomainDirectory.DomainUnlisted;
import io.mailcluster.control.DomainDirectory.Listing;
import io.mailcluster.testing.LogCapturing;
import io.mailcluster.testing.TestKits;
import java.util.List;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LogCapturing.class)
class DomainDirectoryTest {

  private static final ActorTestKit testKit = TestKits.forEntities();

  private final EventSourcedBehaviorTestKit<
          DomainDirectory.Command, DomainDirectory.Event, DomainDirectory.State>
      directory = TestKits.entity(testKit, DomainDirectory.create(DomainDirectory.ENTITY_ID));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clearJournal() {
    directory.clear();
  }

  private void add(String domain) {
    assertAck(directory.<StatusReply<Done>>runCommand(r -> new DomainDirectory.Add(domain, r)).reply());
  }

  @Test
  void addListsDomain() {
    var result = directory.<StatusReply<Done>>runCommand(r -> new DomainDirectory.Add("example.com", r));
    assertAck(result.reply());
    assertEquals(new DomainListed("example.com"), result.event());
    assertEquals(Set.of("example.com"), result.stateOfType(Listing.class).domains());
  }

  @Test
  void addIsIdempotent() {
    add("example.com");
    var result = directory.<StatusReply<Done>>runCommand(r -> new DomainDirectory.Add("example.com", r));
    assertAck(result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void removeUnlistsDomain() {
    add("example.com");
    var result =
        directory.<StatusReply<Done>>runCommand(r -> new DomainDirectory.Remove("example.com", r));
    assertAck(result.reply());
    assertEquals(new DomainUnlisted("example.com"), result.event());
    assertEquals(Set.of(), result.stateOfType(Listing.class).domains());
  }

  @Test
  void removeIsIdempotent() {
    var result =
        directory.<StatusReply<Done>>runCommand(r -> new DomainDirectory.Remove("example.com", r));
    assertAck(result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void listIsSorted() {
    add("zulu.example");
    add("alpha.example");
    var result = directory.<StatusReply<DomainList>>runCommand(DomainDirectory.List::new);
    assertEquals(new DomainList(List.of("alpha.example", "zulu.example")), assertSuccess(result.reply()));
    assertTrue(result.hasNoEvents());
  }

  @Test
  void snapshotIsTakenEveryHundredEvents() {
    for (int i = 0; i < 100; i++) {
      add("d" + i + ".example");
    }
    var snapshots = directory.snapshotTestKit().orElseThrow();
    snapshots.expectNextPersisted("DomainDirectory|all", directory.getState());
    assertEquals(100, ((Listing) directory.restart().state()).domains().size());
  }
}
