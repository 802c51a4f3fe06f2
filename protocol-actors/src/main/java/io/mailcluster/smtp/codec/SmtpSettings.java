package io.mailcluster.smtp.codec;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code mail-cluster.smtp} section of the configuration. Every default lives in
 * protocol-actors' reference.conf, none here, so one file documents them all.
 */
public record SmtpSettings(
    String hostname,
    int maxCommandLineLength,
    int maxTextLineLength,
    long maxMessageSize,
    int maxRecipients,
    int maxErrors,
    Duration commandTimeout,
    Duration dataTimeout,
    int maxConnections,
    BareLineEndingPolicy bareLineEnding) {

  public SmtpSettings {
    // a line must at least hold CRLF plus a verb; anything smaller is a typo in the config
    if (maxCommandLineLength < 16) {
      throw new IllegalArgumentException("max-command-line-length too small: " + maxCommandLineLength);
    }
    if (maxTextLineLength < 3) {
      throw new IllegalArgumentException("max-text-line-length too small: " + maxTextLineLength);
    }
    if (maxMessageSize < 1 || maxRecipients < 1 || maxErrors < 1 || maxConnections < 1) {
      throw new IllegalArgumentException("SMTP limits must be positive");
    }
  }

  /** Reads {@code mail-cluster.smtp} from a full configuration (e.g. system.settings().config()). */
  public static SmtpSettings fromConfig(Config root) {
    Config c = root.getConfig("mail-cluster.smtp");
    return new SmtpSettings(
        c.getString("hostname"),
        c.getInt("max-command-line-length"),
        c.getInt("max-text-line-length"),
        c.getBytes("max-message-size"),
        c.getInt("max-recipients"),
        c.getInt("max-errors"),
        c.getDuration("command-timeout"),
        c.getDuration("data-timeout"),
        c.getInt("max-connections"),
        BareLineEndingPolicy.fromConfig(c.getString("bare-line-ending")));
  }
}
