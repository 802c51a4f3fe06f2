package io.mailcluster.mime;

import com.typesafe.config.Config;
import java.time.Duration;

/** Limits of the MIME metadata extractor, under {@code mail-cluster.mime}. */
public record MimeSettings(
    int maxDepth,
    int maxParts,
    int maxHeaderFields,
    int maxHeaderBytes,
    int maxHeaderLineLength,
    Duration readTimeout) {

  public static MimeSettings fromConfig(Config config) {
    Config c = config.getConfig("mail-cluster.mime");
    return new MimeSettings(
        c.getInt("max-depth"),
        c.getInt("max-parts"),
        c.getInt("max-header-fields"),
        Math.toIntExact(c.getBytes("max-header-bytes")),
        Math.toIntExact(c.getBytes("max-header-line-length")),
        c.getDuration("read-timeout"));
  }
}
