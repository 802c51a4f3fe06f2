package io.mailcluster.node.admin;

import com.typesafe.config.Config;

/** Settings of the admin HTTP API, under {@code mail-cluster.admin}. */
public record AdminSettings(String host, int port, String token, long maxRequestBytes) {

  public static AdminSettings fromConfig(Config config) {
    Config c = config.getConfig("mail-cluster.admin");
    return new AdminSettings(
        c.getString("host"),
        c.getInt("port"),
        c.getString("token"),
        c.getBytes("max-request-bytes"));
  }

  /** The token is a secret: never print it. */
  @Override
  public String toString() {
    return "AdminSettings[host=" + host + ", port=" + port + ", token=" + (token.isEmpty() ? "unset" : "***") + "]";
  }
}
