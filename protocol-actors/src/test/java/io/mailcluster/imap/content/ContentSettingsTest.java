package io.mailcluster.imap.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class ContentSettingsTest {

  @Test
  void readsTheDefaultsFromReferenceConf() {
    assertEquals(new ContentSettings(64 * 1024, 256 * 1024, 1024 * 1024),
        ContentSettings.fromConfig(ConfigFactory.load()));
  }

  @Test
  void overridesApply() {
    ContentSettings s = ContentSettings.fromConfig(ConfigFactory.parseString(
        "mail-cluster.imap.content { max-search-body = 10k }").withFallback(ConfigFactory.load()));
    assertEquals(10 * 1024, s.maxSearchBody());
  }

  @Test
  void refusesLimitsThatCannotWork() {
    assertThrows(IllegalArgumentException.class, () -> new ContentSettings(0, 0, 1));
  }
}
