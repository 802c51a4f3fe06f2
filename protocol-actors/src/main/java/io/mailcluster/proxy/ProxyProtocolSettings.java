package io.mailcluster.proxy;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * PROXY protocol settings of one listener: {@code mail-cluster.<listener>.proxy-protocol}
 * (on or off) and the shared {@code mail-cluster.proxy-protocol} section; every default lives
 * in reference.conf.
 *
 * @param enabled whether the listener requires a header before anything else
 * @param headerTimeout how long a new connection may take to send its whole header
 * @param maxV2Length most bytes a version 2 header may declare after its fixed 16
 */
public record ProxyProtocolSettings(boolean enabled, Duration headerTimeout, int maxV2Length) {

  public ProxyProtocolSettings {
    if (headerTimeout.isNegative() || headerTimeout.isZero()) {
      throw new IllegalArgumentException("header-timeout must be positive: " + headerTimeout);
    }
    ProxyHeaderDecoder.checkMaxV2Length(maxV2Length);
  }

  /** {@code listener} is the section of the listener: "smtp", "pop3" or "imap". */
  public static ProxyProtocolSettings fromConfig(Config root, String listener) {
    Config shared = root.getConfig("mail-cluster.proxy-protocol");
    return new ProxyProtocolSettings(
        root.getBoolean("mail-cluster." + listener + ".proxy-protocol"),
        shared.getDuration("header-timeout"),
        shared.getInt("max-v2-length"));
  }
}
