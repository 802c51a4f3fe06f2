package io.mailcluster.node.admin;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Settings of the admin HTTP API, under {@code mail-cluster.admin}.
 *
 * @param verifyTimeout how long one {@code audit/verify} request may take
 * @param verifyMaxDifferences most differences it lists per folder (and for the tree)
 */
public record AdminSettings(String host, int port, String token, long maxRequestBytes,
    Duration verifyTimeout, int verifyMaxDifferences) {

  public static AdminSettings fromConfig(Config config) {
    Config c = config.getConfig("mail-cluster.admin");
    return new AdminSettings(
        c.getString("host"),
        c.getInt("port"),
        c.getString("token"),
        c.getBytes("max-request-bytes"),
        c.getDuration("verify.request-timeout"),
        c.getInt("verify.max-differences"));
  }

  /** The token is a secret: never print it. */
  @Override
  public String toString() {
    return "AdminSettings[host=" + host + ", port=" + port + ", token=" + (token.isEmpty() ? "unset" : "***") + "]";
  }
}
