package io.mailcluster.imap.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class ImapSettingsTest {

  @Test
  void readsTheDefaultsFromReferenceConf() {
    ImapSettings s = ImapSettings.fromConfig(ConfigFactory.load());
    assertEquals(new ImapSettings(8192, 50L * 1024 * 1024, 4096, 16), s);
  }

  @Test
  void overridesApply() {
    ImapSettings s = ImapSettings.fromConfig(ConfigFactory.parseString(
        "mail-cluster.imap { max-line-length = 1000, max-literal-size = 1 MiB }")
        .withFallback(ConfigFactory.load()));
    assertEquals(new ImapSettings(1000, 1024 * 1024, 4096, 16), s);
  }

  @Test
  void refusesALineLimitTooSmallForACommand() {
    assertThrows(IllegalArgumentException.class, () -> new ImapSettings(10, 1000, 16, 4));
  }
}
