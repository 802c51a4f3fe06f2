package io.mailcluster.control;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.mailcluster.mailbox.Folder;
import io.mailcluster.testing.LogCapturing;
import io.mailcluster.testing.TestKits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two nodes in one JVM, talking over Artery: the entities live only on the "host" node, and
 * ControlData runs on the other, so every reply and every Rejection crosses the wire.
 */
@ExtendWith(LogCapturing.class)
class RejectionAcrossNodesTest {

  private static final String HOST_ROLE = "control-host";

  private static ActorTestKit host;
  private static ActorTestKit client;
  private static ControlData control;

  private static Config node(String roles) {
    return ConfigFactory.parseString("pekko.cluster.roles = " + roles)
        .withFallback(TestKits.clusterNode());
  }

  /** Entities on nodes with the host role only; elsewhere sharding starts a proxy. */
  private static void initOnHosts(ActorSystem<?> system) {
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(Entity.of(Domain.ENTITY_TYPE_KEY, c -> Domain.create(c.getEntityId())).withRole(HOST_ROLE));
    sharding.init(Entity.of(Account.ENTITY_TYPE_KEY, c -> Account.create(c.getEntityId())).withRole(HOST_ROLE));
    sharding.init(
        Entity.of(DomainDirectory.ENTITY_TYPE_KEY, c -> DomainDirectory.create(c.getEntityId()))
            .withRole(HOST_ROLE));
    sharding.init(Entity.of(Folder.ENTITY_TYPE_KEY, c -> Folder.create(c.getEntityId())).withRole(HOST_ROLE));
  }

  @BeforeAll
  static void formTwoNodeCluster() {
    host = ActorTestKit.create("Mail", node("[" + HOST_ROLE + "]"));
    client = ActorTestKit.create("Mail", node("[]"));
    Cluster hostCluster = Cluster.get(host.system());
    Cluster clientCluster = Cluster.get(client.system());
    hostCluster.manager().tell(Join.create(hostCluster.selfMember().address()));
    clientCluster.manager().tell(Join.create(hostCluster.selfMember().address()));
    client.createTestProbe().awaitAssert(() -> {
      assertEquals(MemberStatus.up(), hostCluster.selfMember().status());
      assertEquals(MemberStatus.up(), clientCluster.selfMember().status());
      return null;
    });
    initOnHosts(host.system());
    initOnHosts(client.system());
    control = new ControlData(client.system());
  }

  @AfterAll
  static void shutdown() {
    client.shutdownTestKit();
    host.shutdownTestKit();
  }

  private static Rejection rejected(CompletionStage<?> stage) {
    ExecutionException failure =
        assertThrows(ExecutionException.class, () -> stage.toCompletableFuture().get(15, SECONDS));
    return assertInstanceOf(Rejection.class, failure.getCause());
  }

  @Test
  void rejectionKindsAndMessagesArriveFromTheOtherNode() throws Exception {
    control.createDomain("remote.example").toCompletableFuture().get(15, SECONDS);
    control.createAccount("amy@remote.example", "correct horse battery staple", 0)
        .toCompletableFuture().get(15, SECONDS);

    Rejection conflict = rejected(control.createDomain("remote.example"));
    assertEquals(Rejection.Kind.CONFLICT, conflict.kind());
    assertEquals("domain remote.example already exists", conflict.getMessage());

    Rejection notFound = rejected(control.getAccount("nobody@remote.example"));
    assertEquals(Rejection.Kind.NOT_FOUND, notFound.kind());
    assertEquals("account nobody@remote.example does not exist", notFound.getMessage());

    Rejection invalid = rejected(ClusterSharding.get(client.system())
        .entityRefFor(Account.ENTITY_TYPE_KEY, "amy@remote.example")
        .<Done>askWithStatus(r -> new Account.SetQuota(-1, r), Duration.ofSeconds(5)));
    assertEquals(Rejection.Kind.INVALID, invalid.kind());
    assertEquals("quota must not be negative (0 means unlimited)", invalid.getMessage());

    assertEquals(
        "amy@remote.example",
        control.getAccount("amy@remote.example").toCompletableFuture().get(15, SECONDS).address());
  }

  @Test
  void removalStepsCrossTheWire() throws Exception {
    control.createDomain("closing.remote.example").toCompletableFuture().get(15, SECONDS);
    control.createAccount("bea@closing.remote.example", "correct horse battery staple", 0)
        .toCompletableFuture().get(15, SECONDS);
    control.addAlias("b@closing.remote.example", "bea@closing.remote.example")
        .toCompletableFuture().get(15, SECONDS);

    AccountClosure closure = ClusterSharding.get(client.system())
        .entityRefFor(Account.ENTITY_TYPE_KEY, "bea@closing.remote.example")
        .askWithStatus(Account.Close::new, Duration.ofSeconds(5))
        .toCompletableFuture().get(15, SECONDS);
    assertEquals(
        new AccountClosure("bea@closing.remote.example", List.of("b@closing.remote.example")), closure);

    Rejection closing = rejected(control.getAccount("bea@closing.remote.example"));
    assertEquals(Rejection.Kind.CONFLICT, closing.kind());
    assertEquals("account bea@closing.remote.example is being removed", closing.getMessage());

    control.removeAccount("bea@closing.remote.example").toCompletableFuture().get(15, SECONDS);
    assertEquals(
        Rejection.Kind.NOT_FOUND, rejected(control.getAccount("bea@closing.remote.example")).kind());
    assertEquals(
        Map.of(),
        control.getDomain("closing.remote.example").toCompletableFuture().get(15, SECONDS).aliases());
  }
}
