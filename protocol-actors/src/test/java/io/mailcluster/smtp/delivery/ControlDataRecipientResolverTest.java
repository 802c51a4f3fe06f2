package io.mailcluster.smtp.delivery;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mailcluster.control.ControlData;
import io.mailcluster.control.Rejection;
import io.mailcluster.smtp.session.Resolution;
import io.mailcluster.testing.LogCapturing;
import io.mailcluster.testing.TestKits;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The resolver against the real sharded Domain entities (single-node cluster, in-memory journal). */
@ExtendWith(LogCapturing.class)
class ControlDataRecipientResolverTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create("ResolverTest", TestKits.clusterNode());
  private static ControlDataRecipientResolver resolver;

  @BeforeAll
  static void setUp() throws Exception {
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    testKit.createTestProbe().awaitAssert(() -> {
      assertEquals(MemberStatus.up(), cluster.selfMember().status());
      return null;
    });
    ControlData.initEntities(testKit.system());
    ControlData control = new ControlData(testKit.system());
    await(control.createDomain("local.test"));
    await(control.createAccount("alice@local.test", "correct horse battery staple", 0));
    await(control.addAlias("info@local.test", "alice@local.test"));
    resolver = new ControlDataRecipientResolver(testKit.system());
  }

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(15, SECONDS);
  }

  private static Resolution resolve(String address) throws Exception {
    return await(resolver.resolve(address));
  }

  @Test
  void accountResolvesToItsCanonicalMailbox() throws Exception {
    assertEquals(new Resolution.Local(List.of("alice@local.test")), resolve("Alice@Local.TEST"));
  }

  @Test
  void aliasResolvesToItsTarget() throws Exception {
    assertEquals(new Resolution.Local(List.of("alice@local.test")), resolve("info@local.test"));
  }

  @Test
  void unknownLocalPartOfOurDomainIsUnknownUser() throws Exception {
    assertEquals(new Resolution.UnknownUser(), resolve("nobody@local.test"));
    // local parts no account can have, in our domain: still 5.1.1
    assertEquals(new Resolution.UnknownUser(), resolve("\"quoted name\"@local.test"));
    assertEquals(new Resolution.UnknownUser(), resolve("jürgen@local.test"));
    assertEquals(new Resolution.UnknownUser(), resolve("Postmaster"));
  }

  @Test
  void foreignDomainIsNotOurs() throws Exception {
    assertEquals(new Resolution.NotOurDomain(), resolve("alice@elsewhere.test"));
    assertEquals(new Resolution.NotOurDomain(), resolve("\"quoted\"@elsewhere.test"));
    assertEquals(new Resolution.NotOurDomain(), resolve("alice@[192.0.2.1]"));
    assertEquals(new Resolution.NotOurDomain(), resolve("alice@bücher.test"));
  }

  @Test
  void failuresOtherThanAnAbsentDomainAreUnavailable() {
    assertEquals(new Resolution.Unavailable(),
        ControlDataRecipientResolver.answerOf(null, new TimeoutException("ask timed out")));
    assertEquals(new Resolution.Unavailable(),
        ControlDataRecipientResolver.answerOf(null, Rejection.conflict("busy")));
    assertEquals(new Resolution.NotOurDomain(),
        ControlDataRecipientResolver.answerOf(null, Rejection.notFound("domain x does not exist")));
    assertEquals(new Resolution.UnknownUser(), ControlDataRecipientResolver.answerOf(
        io.mailcluster.control.Resolution.unknown(), null));
  }
}
