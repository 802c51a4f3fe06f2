package io.mailcluster.imap.content;

import com.typesafe.config.Config;

/** The {@code mail-cluster.imap.content} section; every default lives in reference.conf. */
public record ContentSettings(long inlineSectionSize, int maxHeaderRead, int maxSearchBody) {

  public ContentSettings {
    if (inlineSectionSize < 0 || maxHeaderRead < 1 || maxSearchBody < 1) {
      throw new IllegalArgumentException("IMAP content limits must be positive");
    }
  }

  public static ContentSettings fromConfig(Config root) {
    Config c = root.getConfig("mail-cluster.imap.content");
    return new ContentSettings(
        c.getBytes("inline-section-size"),
        Math.toIntExact(c.getBytes("max-header-read")),
        Math.toIntExact(c.getBytes("max-search-body")));
  }
}
