package io.mailcluster.storage;

import com.typesafe.config.Config;
import java.time.Duration;

/** Settings of message ingest (blob plus metadata), under {@code mail-cluster.ingest}. */
public record IngestSettings(Duration extractionWait, String metadataConsistency) {

  public static IngestSettings fromConfig(Config config) {
    Config c = config.getConfig("mail-cluster.ingest");
    return new IngestSettings(c.getDuration("extraction-wait"), c.getString("metadata-consistency"));
  }
}
