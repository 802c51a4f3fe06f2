package io.mailcluster.pop3.codec;

import com.typesafe.config.Config;
import java.time.Duration;

/** The {@code mail-cluster.pop3} section; every default lives in reference.conf. */
public record Pop3Settings(
    String hostname,
    int maxLineLength,
    int maxErrors,
    int maxFailedLogins,
    Duration idleTimeout,
    Duration loginTimeout,
    int maxConnections) {

  public Pop3Settings {
    // a line must hold at least a keyword and its line end
    if (maxLineLength < 16) {
      throw new IllegalArgumentException("max-line-length too small: " + maxLineLength);
    }
    if (maxErrors < 1 || maxFailedLogins < 1 || maxConnections < 1) {
      throw new IllegalArgumentException("POP3 limits must be positive");
    }
  }

  public static Pop3Settings fromConfig(Config root) {
    Config c = root.getConfig("mail-cluster.pop3");
    return new Pop3Settings(
        c.getString("hostname"),
        c.getInt("max-line-length"),
        c.getInt("max-errors"),
        c.getInt("max-failed-logins"),
        c.getDuration("idle-timeout"),
        c.getDuration("login-timeout"),
        c.getInt("max-connections"));
  }
}
