package io.mailcluster.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The ingest defaults this module ships in reference.conf. */
class IngestReferenceConfTest {

  @Test
  void ingestSettingsHaveTheirDefaults() {
    assertEquals(new IngestSettings(Duration.ofSeconds(60), "LOCAL_QUORUM"),
        IngestSettings.fromConfig(ConfigFactory.defaultReference()));
  }
}
