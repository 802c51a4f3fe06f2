package io.mailcluster.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/** The test kits and configuration the entity and ControlData tests share. */
public final class TestKits {

  private TestKits() {}

  /** An ActorTestKit with the in-memory journal that {@link #entity} needs. */
  public static ActorTestKit forEntities() {
    return ActorTestKit.create(EventSourcedBehaviorTestKit.config());
  }

  /**
   * Runs an entity under the behaviour test kit, which serializes every command, event and state
   * (with our real bindings) and checks each comes back equal.
   */
  public static <C, E, S> EventSourcedBehaviorTestKit<C, E, S> entity(
      ActorTestKit testKit, Behavior<C> behavior) {
    return EventSourcedBehaviorTestKit.create(
        testKit.system(),
        behavior,
        EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));
  }

  /**
   * A cluster node for one JVM: loopback on a free port, in-memory journal and snapshots, cheap
   * password hashing, Pekko logging through SLF4J (so LogCapturing sees it).
   */
  public static Config clusterNode() {
    return ConfigFactory.parseString(
            """
            pekko.actor.provider = cluster
            pekko.remote.artery.canonical.hostname = 127.0.0.1
            pekko.remote.artery.canonical.port = 0
            pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
            pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
            pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
            """)
        .withFallback(ConfigFactory.parseResources("fast-passwords.conf"))
        .withFallback(PersistenceTestKitPlugin.config())
        .withFallback(PersistenceTestKitSnapshotPlugin.config())
        .withFallback(ConfigFactory.load());
  }
}
