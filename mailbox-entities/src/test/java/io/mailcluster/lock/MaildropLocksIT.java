package io.mailcluster.lock;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailcluster.cassandra.CassandraEndpoint;
import io.mailcluster.cassandra.CassandraExtension;
import io.mailcluster.testing.MigratedKeyspace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Maildrop leases against a real Cassandra: exclusive, renewable, released, expiring. */
@ExtendWith(CassandraExtension.class)
class MaildropLocksIT {

  private static final String KEYSPACE = "mc_lock_it";
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static CqlSession session;
  private static MaildropLocks locks;

  @BeforeAll
  static void createLocks() throws Exception {
    CassandraEndpoint cassandra = CassandraExtension.endpoint();
    session = MigratedKeyspace.open(cassandra, KEYSPACE);
    // a short lease, so the expiry test takes seconds
    locks = await(MaildropLocks.create(session, KEYSPACE,
        new LockSettings(Duration.ofSeconds(2), Duration.ofMillis(500), "LOCAL_SERIAL", "LOCAL_QUORUM")));
  }

  @AfterAll
  static void close() {
    session.close();
    testKit.shutdownTestKit();
  }

  @Test
  void oneHolderAtATimeUntilItReleases() throws Exception {
    assertTrue(await(locks.acquire("a@x.test", "s1")));
    assertFalse(await(locks.acquire("a@x.test", "s2")), "held by s1");
    assertTrue(await(locks.acquire("b@x.test", "s2")), "another maildrop is free");
    await(locks.release("a@x.test", "s2")); // not the holder: no effect
    assertFalse(await(locks.acquire("a@x.test", "s3")));
    await(locks.release("a@x.test", "s1"));
    assertTrue(await(locks.acquire("a@x.test", "s3")), "free after release");
    assertFalse(await(locks.renew("a@x.test", "s1")), "s1 lost it");
    assertTrue(await(locks.renew("a@x.test", "s3")));
  }

  @Test
  void concurrentAcquiresHaveExactlyOneWinner() throws Exception {
    List<CompletableFuture<Boolean>> attempts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      attempts.add(locks.acquire("race@x.test", "session-" + i).toCompletableFuture());
    }
    long winners = 0;
    for (CompletableFuture<Boolean> attempt : attempts) {
      winners += attempt.get(30, TimeUnit.SECONDS) ? 1 : 0;
    }
    assertTrue(winners == 1, winners + " winners");
  }

  @Test
  void aLockWhoseHolderStopsRenewingExpiresWithinTheLease() throws Exception {
    assertTrue(await(locks.acquire("crash@x.test", "dead-node-session")));
    // the holder "crashed": nobody renews; another session gets the maildrop after the lease
    testKit.createTestProbe().awaitAssert(Duration.ofSeconds(10), Duration.ofMillis(250), () -> {
      try {
        assertTrue(await(locks.acquire("crash@x.test", "survivor")), "still locked");
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      return null;
    });
    assertFalse(await(locks.renew("crash@x.test", "dead-node-session")), "the old holder lost it");
  }

  @Test
  void renewalKeepsTheLockBeyondTheLease() throws Exception {
    assertTrue(await(locks.acquire("busy@x.test", "s1")));
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos(); // over two leases
    while (System.nanoTime() < end) {
      assertTrue(await(locks.renew("busy@x.test", "s1")));
      assertFalse(await(locks.acquire("busy@x.test", "s2")), "renewed lock stays held");
    }
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
