package io.mailcluster.mailbox;

import static io.mailcluster.mailbox.FolderCassandra.ask;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mailcluster.cassandra.CassandraExtension;
import io.mailcluster.testing.LogCapturing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What happens when a folder's snapshot is larger than Cassandra accepts in one mutation (half
 * the commit log segment: 16 MiB by default): the snapshot is not saved, the folder keeps
 * answering and persisting, a later snapshot that fits is saved, and a fresh incarnation
 * recovers everything from the journal. Real folders stay far below the limit (max-messages);
 * here a few messages with megabyte-long blob ids stand in for a huge folder.
 */
@ExtendWith({CassandraExtension.class, LogCapturing.class})
class FolderSnapshotLimitIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int SNAPSHOT_EVERY = 20;
  /** 19 of these make a snapshot of about 19 MB. */
  private static final int BLOB_ID_LENGTH = 1_000_000;

  private static FolderCassandra cassandra;
  private static ActorTestKit testKit;

  @BeforeAll
  static void start() throws Exception {
    cassandra = new FolderCassandra(CassandraExtension.endpoint(), "mc_folder_limit");
    testKit = ActorTestKit.create("FolderSnapshotLimitIT", cassandra.config(
        "mail-cluster.folders { snapshot-every = " + SNAPSHOT_EVERY
            + ", max-blob-id-length = " + BLOB_ID_LENGTH + " }"));
  }

  @AfterAll
  static void stop() {
    if (testKit != null) {
      testKit.shutdownTestKit();
    }
    if (cassandra != null) {
      cassandra.close();
    }
  }

  private static AppendRequest request(int n, int blobIdLength) {
    String unit = n + "-";
    String blobId = unit.repeat(blobIdLength / unit.length() + 1).substring(0, blobIdLength);
    return new AppendRequest("k" + n, blobId, 100, Instant.EPOCH, null);
  }

  @Test
  void anOversizedSnapshotIsSkippedAndTheFolderKeepsWorking() throws Exception {
    String id = "f-oversized";
    ActorRef<Folder.Command> folder = testKit.spawn(Folder.create(id));
    FolderCassandra.<FolderStatus>ask(testKit.system(), folder, r -> new Folder.Create("a@example.com", "INBOX", r), TIMEOUT);
    // events 2..20: the snapshot due at event 20 holds about 19 MB
    for (int n = 1; n < SNAPSHOT_EVERY; n++) {
      AppendRequest request = request(n, BLOB_ID_LENGTH);
      FolderCassandra.<AppendResult>ask(testKit.system(), folder, r -> new Folder.Append(request, r), TIMEOUT);
    }
    FolderStatus big = ask(testKit.system(), folder, Folder.Status::new, TIMEOUT);
    assertEquals(SNAPSHOT_EVERY - 1, big.messages());

    // still answering and persisting: expunge the big ones (event 21), then small appends up to
    // event 40, whose snapshot fits
    TreeSet<Long> all = new TreeSet<>(LongStream.range(1, SNAPSHOT_EVERY).boxed().toList());
    FolderCassandra.<Expunged>ask(testKit.system(), folder, r -> Folder.Expunge.exactly(all, r), TIMEOUT);
    for (int n = SNAPSHOT_EVERY; n < 2 * SNAPSHOT_EVERY - 1; n++) {
      AppendRequest request = request(n, 64);
      FolderCassandra.<AppendResult>ask(testKit.system(), folder, r -> new Folder.Append(request, r), TIMEOUT);
    }
    FolderStatus written = ask(testKit.system(), folder, Folder.Status::new, TIMEOUT);
    testKit.createTestProbe().awaitAssert(TIMEOUT, () -> {
      assertEquals(List.of(2L * SNAPSHOT_EVERY), storedSnapshots(id));
      return null;
    });
    testKit.stop(folder, TIMEOUT);

    ActorRef<Folder.Command> again = testKit.spawn(Folder.create(id));
    assertEquals(written, ask(testKit.system(), again, Folder.Status::new, TIMEOUT));
    testKit.stop(again, TIMEOUT);
  }

  private static List<Long> storedSnapshots(String folderId) {
    return cassandra.session.execute("SELECT sequence_nr FROM " + cassandra.keyspace
            + ".snapshots WHERE persistence_id = ?", "Folder|" + folderId)
        .all().stream().map(row -> row.getLong(0)).toList();
  }
}
