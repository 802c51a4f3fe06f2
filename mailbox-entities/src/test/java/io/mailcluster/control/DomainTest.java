package io.mailcluster.control;

import static io.mailcluster.control.Rejection.Kind.CONFLICT;
import static io.mailcluster.control.Rejection.Kind.NOT_FOUND;
import static io.mailcluster.control.Replies.assertAck;
import static io.mailcluster.control.Replies.assertRejected;
import static io.mailcluster.control.Replies.assertSuccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.control.Domain.AccountReleased;
import io.mailcluster.control.Domain.AccountReserved;
import io.mailcluster.control.Domain.Active;
import io.mailcluster.control.Domain.AliasAdded;
import io.mailcluster.control.Domain.AliasRemoved;
import io.mailcluster.control.Domain.DomainCreated;
import io.mailcluster.control.Domain.DomainRemoved;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import io.mailcluster.testing.LogCapturing;
import io.mailcluster.testing.TestKits;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LogCapturing.class)
class DomainTest {

  private static final ActorTestKit testKit = TestKits.forEntities();

  private final EventSourcedBehaviorTestKit<Domain.Command, Domain.Event, Domain.State> domain =
      TestKits.entity(testKit, Domain.create("example.com"));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clearJournal() {
    domain.clear();
  }

  private CommandResultWithReply<Domain.Command, Domain.Event, Domain.State, StatusReply<Done>> create() {
    return domain.runCommand(Domain.Create::new);
  }

  private void reserve(String localPart) {
    assertAck(domain.<StatusReply<Done>>runCommand(r -> new Domain.ReserveAccount(localPart, r)).reply());
  }

  private void alias(String localPart, String target) {
    assertAck(domain.<StatusReply<Done>>runCommand(r -> new Domain.AddAlias(localPart, target, r)).reply());
  }

  @Test
  void createMakesDomainActive() {
    Instant before = Instant.now();
    var result = create();
    assertAck(result.reply());
    Instant createdAt = result.eventOfType(DomainCreated.class).createdAt();
    assertTrue(!createdAt.isBefore(before) && !createdAt.isAfter(Instant.now()));
    assertEquals(new Active(createdAt, new TreeSet<>(), new TreeMap<>()), result.state());
  }

  @Test
  void createRejectsExistingDomain() {
    create();
    var result = create();
    assertRejected(result.reply(), CONFLICT, "domain example.com already exists");
    assertTrue(result.hasNoEvents());
  }

  @Test
  void removeReturnsEmptyDomainToAbsent() {
    create();
    var result = domain.<StatusReply<Done>>runCommand(Domain.Remove::new);
    assertAck(result.reply());
    assertEquals(new DomainRemoved(), result.event());
    assertEquals(new Domain.Absent(), result.state());
  }

  @Test
  void removeRejectsAbsentDomain() {
    var result = domain.<StatusReply<Done>>runCommand(Domain.Remove::new);
    assertRejected(result.reply(), NOT_FOUND, "domain example.com does not exist");
    assertTrue(result.hasNoEvents());
  }

  @Test
  void removeRejectsDomainWithAccounts() {
    create();
    reserve("alice");
    alias("info", "alice@example.com");
    var result = domain.<StatusReply<Done>>runCommand(Domain.Remove::new);
    assertRejected(result.reply(), CONFLICT, "domain example.com has 1 accounts and 1 aliases");
    assertTrue(result.hasNoEvents());
  }

  @Test
  void removedDomainCanBeCreatedAgain() {
    create();
    domain.<StatusReply<Done>>runCommand(Domain.Remove::new);
    var result = create();
    assertAck(result.reply());
    assertEquals(Set.of(), result.stateOfType(Active.class).accountLocalParts());
  }

  @Test
  void getSummarizesDomainWithFullAddresses() {
    Instant createdAt = create().eventOfType(DomainCreated.class).createdAt();
    reserve("bob");
    reserve("alice");
    alias("info", "bob@example.com");
    var result = domain.<StatusReply<DomainSummary>>runCommand(Domain.Get::new);
    DomainSummary summary = assertSuccess(result.reply());
    assertEquals(
        new DomainSummary(
            "example.com",
            createdAt,
            List.of("alice@example.com", "bob@example.com"),
            Map.of("info@example.com", "bob@example.com")),
        summary);
    assertTrue(result.hasNoEvents());
  }

  @Test
  void getRejectsAbsentDomain() {
    var result = domain.<StatusReply<DomainSummary>>runCommand(Domain.Get::new);
    assertRejected(result.reply(), NOT_FOUND, "domain example.com does not exist");
  }

  @Test
  void reserveAccountAddsLocalPart() {
    create();
    var result = domain.<StatusReply<Done>>runCommand(r -> new Domain.ReserveAccount("alice", r));
    assertAck(result.reply());
    assertEquals(new AccountReserved("alice"), result.event());
    assertEquals(Set.of("alice"), result.stateOfType(Active.class).accountLocalParts());
  }

  @Test
  void reserveAccountIsIdempotent() {
    create();
    reserve("alice");
    var result = domain.<StatusReply<Done>>runCommand(r -> new Domain.ReserveAccount("alice", r));
    assertAck(result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void reserveAccountRejectsAlias() {
    create();
    alias("info", "bob@example.org");
    var result = domain.<StatusReply<Done>>runCommand(r -> new Domain.ReserveAccount("info", r));
    assertRejected(result.reply(), CONFLICT, "info@example.com is an alias");
    assertTrue(result.hasNoEvents());
  }

  @Test
  void reserveAccountRejectsAbsentDomain() {
    var result = domain.<StatusReply<Done>>runCommand(r -> new Domain.ReserveAccount("alice", r));
    assertRejected(result.reply(), NOT_FOUND, "domain example.com does not exist");
    assertTrue(result.hasNoEvents());
  }

  @Test
  void releaseAccountRemovesLocalPart() {
    create();
    reserve("alice");
    var result = domain.<StatusReply<Done>>runCommand(r -> new Domain.ReleaseAccount("alice", r));
    assertAck(result.reply());
    assertEquals(new AccountReleased("alice"), result.event());
    assertEquals(Set.of(), result.stateOfType(Active.class).accountLocalParts());
  }

  @Test
  void releaseAccountIsIdempotent() {
    create();
    var result = domain.<StatusReply<Done>>runCommand(r -> new Domain.ReleaseAccount("alice", r));
    assertAck(result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void releaseAccountOfAbsentDomainHasNothingToDo() {
    var result = domain.<StatusReply<Done>>runCommand(r -> new Domain.ReleaseAccount("alice", r));
    assertAck(result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void addAliasRecordsTarget() {
    create();
    var result =
        domain.<StatusReply<Done>>runCommand(r -> new Domain.AddAlias("info", "bob@example.org", r));
    assertAck(result.reply());
    assertEquals(new AliasAdded("info", "bob@example.org"), result.event());
    assertEquals(Map.of("info", "bob@example.org"), result.stateOfType(Active.class).aliases());
  }

  @Test
  void addAliasWithSameTargetIsIdempotent() {
    create();
    alias("info", "bob@example.org");
    var result =
        domain.<StatusReply<Done>>runCommand(r -> new Domain.AddAlias("info", "bob@example.org", r));
    assertAck(result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void addAliasRejectsOtherTarget() {
    create();
    alias("info", "bob@example.org");
    var result =
        domain.<StatusReply<Done>>runCommand(r -> new Domain.AddAlias("info", "eve@example.org", r));
    assertRejected(
        result.reply(), CONFLICT, "info@example.com is already an alias for bob@example.org");
    assertTrue(result.hasNoEvents());
  }

  @Test
  void addAliasRejectsAccount() {
    create();
    reserve("alice");
    var result =
        domain.<StatusReply<Done>>runCommand(r -> new Domain.AddAlias("alice", "bob@example.org", r));
    assertRejected(result.reply(), CONFLICT, "alice@example.com is an account");
    assertTrue(result.hasNoEvents());
  }

  @Test
  void addAliasRejectsAbsentDomain() {
    var result =
        domain.<StatusReply<Done>>runCommand(r -> new Domain.AddAlias("info", "bob@example.org", r));
    assertRejected(result.reply(), NOT_FOUND, "domain example.com does not exist");
  }

  @Test
  void removeAliasForgetsAlias() {
    create();
    alias("info", "bob@example.org");
    var result = domain.<StatusReply<Done>>runCommand(r -> new Domain.RemoveAlias("info", r));
    assertAck(result.reply());
    assertEquals(new AliasRemoved("info"), result.event());
    assertEquals(Map.of(), result.stateOfType(Active.class).aliases());
  }

  @Test
  void removeAliasRejectsUnknownAlias() {
    create();
    var result = domain.<StatusReply<Done>>runCommand(r -> new Domain.RemoveAlias("info", r));
    assertRejected(result.reply(), NOT_FOUND, "alias info@example.com does not exist");
    assertTrue(result.hasNoEvents());
  }

  @Test
  void removeAliasRejectsAbsentDomain() {
    var result = domain.<StatusReply<Done>>runCommand(r -> new Domain.RemoveAlias("info", r));
    assertRejected(result.reply(), NOT_FOUND, "alias info@example.com does not exist");
  }

  @Test
  void removeAliasToForgetsAliasPointingAtTarget() {
    create();
    alias("info", "bob@example.org");
    var result = domain.<StatusReply<Done>>runCommand(
        r -> new Domain.RemoveAliasTo("info", "bob@example.org", r));
    assertAck(result.reply());
    assertEquals(new AliasRemoved("info"), result.event());
    assertEquals(Map.of(), result.stateOfType(Active.class).aliases());
  }

  @Test
  void removeAliasToLeavesAliasPointingElsewhere() {
    create();
    alias("info", "eve@example.org");
    var result = domain.<StatusReply<Done>>runCommand(
        r -> new Domain.RemoveAliasTo("info", "bob@example.org", r));
    assertAck(result.reply());
    assertTrue(result.hasNoEvents());
    assertEquals(Map.of("info", "eve@example.org"), result.stateOfType(Active.class).aliases());
  }

  @Test
  void removeAliasToOfUnknownAliasHasNothingToDo() {
    create();
    reserve("bob");
    var result = domain.<StatusReply<Done>>runCommand(
        r -> new Domain.RemoveAliasTo("bob", "bob@example.com", r));
    assertAck(result.reply());
    assertTrue(result.hasNoEvents());
    assertEquals(Set.of("bob"), result.stateOfType(Active.class).accountLocalParts());
  }

  @Test
  void removeAliasToOfAbsentDomainHasNothingToDo() {
    var result = domain.<StatusReply<Done>>runCommand(
        r -> new Domain.RemoveAliasTo("info", "bob@example.org", r));
    assertAck(result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void resolveTellsAccountAliasAndUnknown() {
    create();
    reserve("alice");
    alias("info", "bob@example.org");
    assertEquals(Resolution.account("alice@example.com"), resolve("alice"));
    assertEquals(Resolution.alias("bob@example.org"), resolve("info"));
    assertEquals(Resolution.unknown(), resolve("nobody"));
  }

  @Test
  void resolveRejectsAbsentDomain() {
    var result = domain.<StatusReply<Resolution>>runCommand(r -> new Domain.Resolve("alice", r));
    assertRejected(result.reply(), NOT_FOUND, "domain example.com does not exist");
  }

  @Test
  void stateSurvivesRestart() {
    create();
    reserve("alice");
    alias("info", "alice@example.com");
    Domain.State before = domain.getState();
    assertEquals(before, domain.restart().state());
  }

  private Resolution resolve(String localPart) {
    var result = domain.<StatusReply<Resolution>>runCommand(r -> new Domain.Resolve(localPart, r));
    assertTrue(result.hasNoEvents());
    return assertSuccess(result.reply());
  }
}
