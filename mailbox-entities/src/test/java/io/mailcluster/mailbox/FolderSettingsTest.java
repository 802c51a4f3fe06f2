package io.mailcluster.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.entity.EntitySettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The folder defaults this module ships in reference.conf. */
class FolderSettingsTest {

  @Test
  void referenceConfDefaults() {
    assertEquals(
        new FolderSettings(10_000, 256, 256, 100, 1000, 200_000, 10_000, 2_000, 128 * 1024, Duration.ofSeconds(5),
            new EntitySettings(200, 2, Duration.ofMillis(200), Duration.ofSeconds(5), 0.1)),
        FolderSettings.fromConfig(ConfigFactory.defaultReference()));
  }

  @Test
  void backoffFollowsTheControlEntitiesUnlessOverridden() {
    var config = ConfigFactory.parseString(
            "mail-cluster.entities.persist-failure-backoff.max = 9s")
        .withFallback(ConfigFactory.parseResources("reference.conf"))
        .resolve();
    assertEquals(Duration.ofSeconds(9), FolderSettings.fromConfig(config).lifecycle().backoffMax());
  }
}
