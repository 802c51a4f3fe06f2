package io.mailcluster.smtp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmtpSettingsTest {

  @Test
  void readsEveryDefaultFromReferenceConf() {
    SmtpSettings s = SmtpSettings.fromConfig(ConfigFactory.defaultReference());
    assertEquals(new SmtpSettings("localhost", 512, 1000, 50L * 1024 * 1024, 100, 10,
        Duration.ofMinutes(5), Duration.ofMinutes(10), 500, BareLineEndingPolicy.REJECT), s);
  }

  @Test
  void applicationConfigOverridesDefaults() {
    var config = ConfigFactory.parseString("""
        mail-cluster.smtp {
          hostname = mx.example.org
          max-command-line-length = 2048
          max-message-size = 10 MiB
          bare-line-ending = normalize
        }
        """).withFallback(ConfigFactory.defaultReference());
    SmtpSettings s = SmtpSettings.fromConfig(config);
    assertEquals("mx.example.org", s.hostname());
    assertEquals(2048, s.maxCommandLineLength());
    assertEquals(10L * 1024 * 1024, s.maxMessageSize());
    assertEquals(BareLineEndingPolicy.NORMALIZE, s.bareLineEnding());
  }

  @Test
  void rejectsUnknownBareLineEndingPolicy() {
    var config = ConfigFactory.parseString("mail-cluster.smtp.bare-line-ending = ignore")
        .withFallback(ConfigFactory.defaultReference());
    assertThrows(IllegalArgumentException.class, () -> SmtpSettings.fromConfig(config));
  }

  @Test
  void rejectsCommandLineLimitTooSmallForAnyCommand() {
    var config = ConfigFactory.parseString("mail-cluster.smtp.max-command-line-length = 4")
        .withFallback(ConfigFactory.defaultReference());
    assertThrows(IllegalArgumentException.class, () -> SmtpSettings.fromConfig(config));
  }

  @Test
  void decodersTakeTheirLimitsFromSettings() {
    var config = ConfigFactory.parseString("mail-cluster.smtp.max-command-line-length = 20")
        .withFallback(ConfigFactory.defaultReference());
    var decoder = CommandLineDecoder.fromSettings(SmtpSettings.fromConfig(config));
    decoder.feed(Splits.bytes("NOOP 12345678901234567\r\n")); // 24 octets > 20
    assertEquals(new DecodeResult.Decoded(new SmtpCommand.LineTooLong()), decoder.next());
  }
}
