package io.mailcluster.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The MIME defaults this module ships in reference.conf. */
class MimeReferenceConfTest {

  private final Config config = ConfigFactory.defaultReference();

  @Test
  void mimeLimitsHaveTheirDefaults() {
    assertEquals(new MimeSettings(20, 1000, 500, 65536, 65536, Duration.ofSeconds(30)), MimeSettings.fromConfig(config));
  }

  @Test
  void extractionDispatcherIsAFixedPoolOfThirtyTwo() {
    Config dispatcher = config.getConfig(MetadataExtractor.DISPATCHER);
    assertEquals("thread-pool-executor", dispatcher.getString("executor"));
    assertEquals(32, dispatcher.getInt("thread-pool-executor.fixed-pool-size"));
  }
}
