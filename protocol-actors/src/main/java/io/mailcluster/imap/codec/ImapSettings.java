package io.mailcluster.imap.codec;

import com.typesafe.config.Config;

/** The {@code mail-cluster.imap} section; every default lives in reference.conf. */
public record ImapSettings(
    int maxLineLength, long maxLiteralSize, int maxNonSyncLiteralSize, int maxNesting) {

  public ImapSettings {
    // a line must hold at least a tag, a command name and a literal marker
    if (maxLineLength < 64) {
      throw new IllegalArgumentException("max-line-length too small: " + maxLineLength);
    }
    if (maxLiteralSize < 1 || maxNonSyncLiteralSize < 0 || maxNesting < 1) {
      throw new IllegalArgumentException("IMAP limits must be positive");
    }
  }

  public static ImapSettings fromConfig(Config root) {
    Config c = root.getConfig("mail-cluster.imap");
    return new ImapSettings(
        c.getInt("max-line-length"),
        c.getBytes("max-literal-size"),
        c.getInt("max-nonsync-literal-size"),
        c.getInt("max-nesting"));
  }
}
