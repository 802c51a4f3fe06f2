package io.mailcluster.mailbox;

import static io.mailcluster.mailbox.FolderCassandra.ask;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mailcluster.cassandra.CassandraExtension;
import io.mailcluster.mailbox.FolderCassandra.StoredSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Benchmark, not a test (tag "bench"; run with {@code -Pbench}): how long a Folder of 10,000 and
 * 100,000 messages takes to recover from Cassandra, from its latest snapshot plus the most events
 * a snapshot interval leaves to replay (snapshot-every minus one), and, for comparison, by
 * replaying its whole journal. Prints the figures; asserts only that the recovered folder is
 * the one written.
 *
 * <p>Sizes: {@code -Dbench.folder.sizes=10000,100000}; recoveries timed per size:
 * {@code -Dbench.folder.runs=3}.
 */
@Tag("bench")
@ExtendWith(CassandraExtension.class)
class FolderRecoveryBenchIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  /** Batches in flight while filling: keeps the folder persisting while replies travel. */
  private static final int FILL_WINDOW = 4;

  private static FolderCassandra cassandra;
  private static ActorTestKit testKit;
  private static ActorTestKit noSnapshots;
  private static int snapshotEvery;
  private static int batchSize;

  @BeforeAll
  static void start() throws Exception {
    cassandra = new FolderCassandra(CassandraExtension.endpoint(), "mc_folder_bench");
    testKit = ActorTestKit.create("FolderRecoveryBench", cassandra.config(""));
    // The same journal read without snapshots: what recovery costs without them.
    noSnapshots = ActorTestKit.create("FolderRecoveryBenchFullReplay", cassandra.config(
        "pekko.persistence.snapshot-store.plugin = \"pekko.persistence.no-snapshot-store\""));
    FolderSettings settings = FolderSettings.fromConfig(testKit.system().settings().config());
    snapshotEvery = settings.lifecycle().snapshotEvery();
    batchSize = settings.maxBatchSize();
  }

  @AfterAll
  static void stop() {
    if (noSnapshots != null) {
      noSnapshots.shutdownTestKit();
    }
    if (testKit != null) {
      testKit.shutdownTestKit();
    }
    if (cassandra != null) {
      cassandra.close();
    }
  }

  @Test
  void recoveryOfLargeFolders() throws Exception {
    int runs = Integer.getInteger("bench.folder.runs", 3);
    for (String size : System.getProperty("bench.folder.sizes", "10000,100000").split(",")) {
      measure(Integer.parseInt(size.trim()), runs);
    }
  }

  private void measure(int messages, int runs) throws Exception {
    String folderId = "bench-" + messages;
    ActorRef<Folder.Command> writer = testKit.spawn(Folder.create(folderId));
    FolderCassandra.<FolderStatus>ask(testKit.system(), writer, r -> new Folder.Create("alice@example.com", "INBOX", r), TIMEOUT);
    long fillStart = System.nanoTime();
    fill(writer, messages);
    double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
    long events = 1 + messages + topUp(writer, 1 + messages);
    FolderStatus written = ask(testKit.system(), writer, Folder.Status::new, TIMEOUT);
    testKit.stop(writer, TIMEOUT);

    StoredSnapshot snapshot = cassandra.latestSnapshot(folderId);
    long replayed = events - snapshot.sequenceNr().orElse(0);
    System.out.printf("%n== folder of %,d messages: filled in %.1f s (%,.0f appends/s), %,d events"
            + "%n   latest snapshot at event %s: %,d bytes (%.1f a message); %d events to replay%n",
        messages, fillSeconds, messages / fillSeconds, events,
        snapshot.sequenceNr().isPresent() ? snapshot.sequenceNr().getAsLong() : "-",
        snapshot.bytes(), snapshot.bytes() / (double) messages, replayed);

    long[] millis = new long[runs];
    for (int i = 0; i < runs; i++) {
      millis[i] = recover(testKit, folderId, written);
    }
    System.out.printf("   recovery from snapshot + %d events: %s ms (first is cold)%n",
        replayed, Arrays.toString(millis));
    long full = recover(noSnapshots, folderId, written);
    System.out.printf("   recovery replaying all %,d events (no snapshot): %d ms%n", events, full);
    inProcess(messages);
  }

  /**
   * The same folder built in memory: its snapshot in the plain form used before FolderSnapshot
   * and in the compact one, and how long turning the stored bytes back into state takes.
   */
  private static void inProcess(int messages) {
    int keys = FolderSettings.fromConfig(testKit.system().settings().config()).idempotencyKeys();
    Folder.Active state = FolderSamples.folder(messages, keys);
    Serialization serialization = SerializationExtension.get(testKit.system());
    byte[] plain = serialization.serialize(state).get();
    Object stored = FolderSnapshot.ADAPTER.toJournal(state);
    byte[] compact = serialization.serialize(stored).get();
    Serializer serializer = serialization.findSerializerFor(stored);
    String manifest = Serializers.manifestFor(serializer, stored);
    long[] millis = new long[3];
    for (int i = 0; i < millis.length; i++) {
      long start = System.nanoTime();
      Object read = serialization.deserialize(compact, serializer.identifier(), manifest).get();
      FolderSnapshot.ADAPTER.fromJournal(read);
      millis[i] = (System.nanoTime() - start) / 1_000_000;
    }
    System.out.printf("   in memory: plain (old) snapshot %,d bytes, compact %,d bytes;"
        + " bytes to state %s ms%n", plain.length, compact.length, Arrays.toString(millis));
  }

  /** Appends {@code messages} sample messages in batches, a few batches in flight. */
  private void fill(ActorRef<Folder.Command> folder, int messages) throws Exception {
    List<CompletableFuture<AppendBatchResult>> inFlight = new ArrayList<>();
    for (int first = 0; first < messages; first += batchSize) {
      List<AppendRequest> batch = new ArrayList<>(batchSize);
      for (int n = first; n < Math.min(messages, first + batchSize); n++) {
        batch.add(FolderSamples.request(n));
      }
      inFlight.add(AskPattern.<Folder.Command, AppendBatchResult>askWithStatus(folder,
              r -> new Folder.AppendBatch(batch, r), TIMEOUT, testKit.scheduler())
          .toCompletableFuture());
      if (inFlight.size() == FILL_WINDOW) {
        inFlight.remove(0).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    }
    for (CompletableFuture<AppendBatchResult> batch : inFlight) {
      batch.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /**
   * Flags messages one event at a time until the journal ends one event short of the next
   * snapshot: the most a recovery from a snapshot ever replays. Returns the events added.
   */
  private int topUp(ActorRef<Folder.Command> folder, long events) throws Exception {
    int missing = (int) ((snapshotEvery - 1 - events % snapshotEvery + snapshotEvery) % snapshotEvery);
    for (long uid = 1; uid <= missing; uid++) {
      TreeSet<Long> one = new TreeSet<>(List.of(uid));
      FolderCassandra.<StoreResult>ask(testKit.system(), folder, r -> new Folder.StoreFlags(one, FlagMode.ADD,
          new TreeSet<>(List.of(Flags.FLAGGED, "$Bench")), OptionalLong.empty(), r), TIMEOUT);
    }
    return missing;
  }

  /** Spawns a fresh incarnation and times it until its first Status reply. */
  private static long recover(ActorTestKit kit, String folderId, FolderStatus expected)
      throws Exception {
    long start = System.nanoTime();
    ActorRef<Folder.Command> folder = kit.spawn(Folder.create(folderId));
    FolderStatus status = ask(kit.system(), folder, Folder.Status::new, TIMEOUT);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(expected, status);
    kit.stop(folder, TIMEOUT);
    return millis;
  }
}
