package io.mailcluster.mailbox;

import com.typesafe.config.Config;
import io.mailcluster.entity.EntitySettings;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;

/** Settings of the {@link Folder} entity and {@link FolderService}, from {@code mail-cluster.folders}. */
public record FolderSettings(
    int idempotencyKeys,
    int maxIdempotencyKeyLength,
    int maxBlobIdLength,
    int maxBatchSize,
    int maxFetch,
    long maxMessages,
    int changeLogSize,
    int maxUidRuns,
    int describePageBytes,
    Duration askTimeout,
    EntitySettings lifecycle) {

  public static FolderSettings fromConfig(Config config) {
    Config c = config.getConfig("mail-cluster.folders");
    return new FolderSettings(
        c.getInt("idempotency-keys"),
        c.getInt("max-idempotency-key-length"),
        c.getInt("max-blob-id-length"),
        c.getInt("max-batch-size"),
        c.getInt("max-fetch"),
        c.getLong("max-messages"),
        c.getInt("change-log-size"),
        c.getInt("max-uid-runs"),
        (int) Math.min(Integer.MAX_VALUE, c.getBytes("describe-page-bytes")),
        c.getDuration("ask-timeout"),
        EntitySettings.fromSection(c));
  }

  static FolderSettings of(ActorSystem<?> system) {
    return fromConfig(system.settings().config());
  }
}
