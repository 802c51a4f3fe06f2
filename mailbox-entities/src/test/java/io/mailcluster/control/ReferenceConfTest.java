package io.mailcluster.control;

import io.mailcluster.entity.EntitySettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The defaults this module ships in reference.conf. */
class ReferenceConfTest {

  private final Config config = ConfigFactory.defaultReference();

  @Test
  void javaSerializationIsOffAndMarkerIsBoundToCbor() {
    assertFalse(config.getBoolean("pekko.actor.allow-java-serialization"));
    assertEquals(
        "jackson-cbor",
        config.getConfig("pekko.actor.serialization-bindings")
            .getString("\"io.mailcluster.serialization.CborSerializable\""));
  }

  @Test
  void controlAsksTimeOutAfterFiveSeconds() {
    assertEquals(new ControlSettings(Duration.ofSeconds(5)), ControlSettings.fromConfig(config));
  }

  @Test
  void entitiesSnapshotEveryHundredEventsKeepingTwo() {
    EntitySettings settings = EntitySettings.fromConfig(config);
    assertEquals(100, settings.snapshotEvery());
    assertEquals(2, settings.keepSnapshots());
  }

  @Test
  void hashingDispatcherIsAFixedPoolOfTwo() {
    Config dispatcher = config.getConfig(ControlData.HASHING_DISPATCHER);
    assertEquals("thread-pool-executor", dispatcher.getString("executor"));
    assertEquals(2, dispatcher.getInt("thread-pool-executor.fixed-pool-size"));
  }
}
