package io.mailcluster.imap.session;

import com.typesafe.config.Config;
import java.time.Duration;

/** The session part of {@code mail-cluster.imap}; every default lives in reference.conf. */
public record ImapSessionSettings(
    int maxFailedLogins, Duration loginTimeout, Duration autologout, int fetchBatch,
    int maxConnections, Duration watchSettleTime) {

  public ImapSessionSettings {
    if (maxFailedLogins < 1 || fetchBatch < 1 || maxConnections < 1) {
      throw new IllegalArgumentException("max-failed-logins, fetch-batch and max-connections must be positive");
    }
  }

  public static ImapSessionSettings fromConfig(Config root) {
    Config c = root.getConfig("mail-cluster.imap");
    return new ImapSessionSettings(
        c.getInt("max-failed-logins"),
        c.getDuration("login-timeout"),
        c.getDuration("autologout"),
        c.getInt("fetch-batch"),
        c.getInt("max-connections"),
        c.getDuration("watch-settle-time"));
  }
}
