package io.mailcluster.mailbox;

import io.mailcluster.serialization.CborSerializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.pekko.persistence.typed.SnapshotAdapter;

/**
 * How a live folder is stored as a snapshot: columns of numbers instead of one object per message.
 *
 * <p>Why: a snapshot is one Cassandra write, and Cassandra refuses a write larger than its
 * {@code native_transport_max_message_size} (by default 1/40 of its heap: 12.97 MB with a 512m
 * heap) or its largest mutation (half the commit log segment: 16 MiB by default). The plain
 * form of {@link Folder.Active} (field names, 64-character hex blob ids, ISO dates, flag strings
 * per message) takes about 180 bytes a message with real blob ids and dates, so a folder of
 * about 70,000 messages could no longer snapshot. Here a SHA-256 blob id is its 32 raw bytes,
 * numbers are differences from the previous message (small, so CBOR writes them in one to three
 * bytes), system flags are bits, and keyword sets are listed once and referred to by number:
 * about 46 bytes a message, plus about 50 per remembered idempotency key (at most
 * {@code idempotency-keys} of them). Measured: 100,000 messages with 10,000 keys, 5.1 MB.
 *
 * <p>Beyond the limit (measured in FolderSnapshotLimitIT): the write fails ("CQL Message of
 * size ... exceeds allowed maximum"), Pekko logs the failed save and the folder carries on,
 * persisting and answering as before; the next snapshot that fits is saved, and until then a
 * recovery replays every event since the last saved one. {@code max-messages} (and
 * {@code max-blob-id-length}) keep a folder's snapshot well under the limit.
 *
 * <p>Stored data: change it only by adding components (absent ones read as null) or by a new
 * record. Snapshots written before this one existed are {@link Folder.Active} values and still
 * load through {@link #ADAPTER}. {@code unseen} and {@code totalSize} are not stored: they are
 * recomputed from the messages. Records with array components compare arrays by identity:
 * compare the {@link #toState() states}.
 */
public record FolderSnapshot(
    String folderId,
    String owner,
    String name,
    long uidValidity,
    long uidNext,
    long highestModSeq,
    Messages messages,
    Keys appliedKeys)
    implements CborSerializable {

  /** Active folders are stored as this; other states (tiny) and old snapshots as themselves. */
  static final SnapshotAdapter<Folder.State> ADAPTER = new SnapshotAdapter<>() {
    @Override
    public Object toJournal(Folder.State state) {
      return state instanceof Folder.Active active ? of(active) : state;
    }

    @Override
    public Folder.State fromJournal(Object stored) {
      return stored instanceof FolderSnapshot snapshot ? snapshot.toState() : (Folder.State) stored;
    }
  };

  /**
   * The message index as columns, in uid order; "step" columns hold the difference from the
   * previous message's value (the first from 0).
   *
   * @param digests 32 bytes for each message whose blob id is 64 lower-case hex digits
   * @param textBlobAt positions of the messages whose blob id is anything else
   * @param textBlobIds those blob ids, as given
   * @param flags bits 0-4: the system flags in {@link #SYSTEM_FLAGS} order; above them: 0 for no
   *     keywords, else 1 + the index of the message's keyword set in {@code keywordSets}
   */
  public record Messages(
      long[] uidSteps,
      byte[] digests,
      int[] textBlobAt,
      List<String> textBlobIds,
      long[] sizes,
      long[] dateSecondSteps,
      int[] dateNanos,
      int[] flags,
      List<SortedSet<String>> keywordSets,
      long[] modSeqSteps) {}

  /** The applied idempotency keys in uid order, and the uids they produced (as steps). */
  public record Keys(List<String> keys, long[] uidSteps) {}

  /** Bit order of the system flags in {@link Messages#flags}: stored data, never reorder. */
  static final List<String> SYSTEM_FLAGS =
      List.of(Flags.SEEN, Flags.ANSWERED, Flags.FLAGGED, Flags.DELETED, Flags.DRAFT);

  private static final int SYSTEM_BITS = SYSTEM_FLAGS.size();
  private static final int DIGEST_BYTES = 32;
  private static final Pattern DIGEST_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final HexFormat HEX = HexFormat.of();

  static FolderSnapshot of(Folder.Active state) {
    return new FolderSnapshot(state.folderId(), state.owner(), state.name(), state.uidValidity(),
        state.uidNext(), state.highestModSeq(), columns(state.messages()),
        keys(state.appliedKeys()));
  }

  Folder.Active toState() {
    List<MessageEntry> entries = entries(messages);
    long unseen = 0;
    long totalSize = 0;
    for (MessageEntry entry : entries) {
      unseen += entry.isSeen() ? 0 : 1;
      totalSize += entry.size();
    }
    List<AppliedKeys.Applied> applied = new ArrayList<>(appliedKeys.keys().size());
    long uid = 0;
    for (int i = 0; i < appliedKeys.keys().size(); i++) {
      uid += appliedKeys.uidSteps()[i];
      applied.add(new AppliedKeys.Applied(appliedKeys.keys().get(i), uid));
    }
    return new Folder.Active(folderId, owner, name, uidValidity, uidNext, highestModSeq, unseen,
        totalSize, MessageIndex.of(entries), AppliedKeys.of(applied));
  }

  private static Messages columns(MessageIndex index) {
    int n = index.size();
    long[] uidSteps = new long[n];
    byte[] digests = new byte[n * DIGEST_BYTES];
    int digestBytes = 0;
    List<Integer> textAt = new ArrayList<>();
    List<String> textIds = new ArrayList<>();
    long[] sizes = new long[n];
    long[] secondSteps = new long[n];
    int[] nanos = new int[n];
    int[] flags = new int[n];
    List<SortedSet<String>> keywordSets = new ArrayList<>();
    Map<SortedSet<String>, Integer> keywordSetIndex = new HashMap<>();
    long[] modSeqSteps = new long[n];
    MessageEntry previous = null;
    Iterator<MessageEntry> it = index.iterator();
    for (int i = 0; i < n; i++) {
      MessageEntry e = it.next();
      uidSteps[i] = e.uid() - (previous == null ? 0 : previous.uid());
      if (DIGEST_HEX.matcher(e.blobId()).matches()) {
        System.arraycopy(HEX.parseHex(e.blobId()), 0, digests, digestBytes, DIGEST_BYTES);
        digestBytes += DIGEST_BYTES;
      } else {
        textAt.add(i);
        textIds.add(e.blobId());
      }
      sizes[i] = e.size();
      secondSteps[i] = e.internalDate().getEpochSecond()
          - (previous == null ? 0 : previous.internalDate().getEpochSecond());
      nanos[i] = e.internalDate().getNano();
      flags[i] = flagBits(e.flags(), keywordSets, keywordSetIndex);
      modSeqSteps[i] = e.modSeq() - (previous == null ? 0 : previous.modSeq());
      previous = e;
    }
    return new Messages(uidSteps, Arrays.copyOf(digests, digestBytes),
        textAt.stream().mapToInt(Integer::intValue).toArray(), textIds, sizes, secondSteps, nanos,
        flags, keywordSets, modSeqSteps);
  }

  private static int flagBits(
      SortedSet<String> flags, List<SortedSet<String>> sets, Map<SortedSet<String>, Integer> index) {
    int bits = 0;
    TreeSet<String> keywords = new TreeSet<>();
    for (String flag : flags) {
      int system = SYSTEM_FLAGS.indexOf(flag);
      if (system >= 0) {
        bits |= 1 << system;
      } else {
        keywords.add(flag);
      }
    }
    if (keywords.isEmpty()) {
      return bits;
    }
    Integer set = index.computeIfAbsent(keywords, k -> {
      sets.add(k);
      return sets.size() - 1;
    });
    return bits | (set + 1) << SYSTEM_BITS;
  }

  private static List<MessageEntry> entries(Messages m) {
    int n = m.uidSteps().length;
    List<MessageEntry> entries = new ArrayList<>(n);
    int nextText = 0;
    int digestAt = 0;
    long uid = 0;
    long seconds = 0;
    long modSeq = 0;
    for (int i = 0; i < n; i++) {
      uid += m.uidSteps()[i];
      seconds += m.dateSecondSteps()[i];
      modSeq += m.modSeqSteps()[i];
      String blobId;
      if (nextText < m.textBlobAt().length && m.textBlobAt()[nextText] == i) {
        blobId = m.textBlobIds().get(nextText++);
      } else {
        blobId = HEX.formatHex(m.digests(), digestAt, digestAt + DIGEST_BYTES);
        digestAt += DIGEST_BYTES;
      }
      entries.add(new MessageEntry(uid, blobId, m.sizes()[i],
          Instant.ofEpochSecond(seconds, m.dateNanos()[i]),
          flags(m.flags()[i], m.keywordSets()), modSeq));
    }
    return entries;
  }

  private static SortedSet<String> flags(int bits, List<SortedSet<String>> keywordSets) {
    TreeSet<String> flags = new TreeSet<>();
    for (int b = 0; b < SYSTEM_BITS; b++) {
      if ((bits & (1 << b)) != 0) {
        flags.add(SYSTEM_FLAGS.get(b));
      }
    }
    int set = bits >>> SYSTEM_BITS;
    if (set > 0) {
      flags.addAll(keywordSets.get(set - 1));
    }
    return Flags.frozen(flags);
  }

  private static Keys keys(AppliedKeys applied) {
    List<AppliedKeys.Applied> list = applied.toList();
    List<String> keys = new ArrayList<>(list.size());
    long[] steps = new long[list.size()];
    long previous = 0;
    for (int i = 0; i < list.size(); i++) {
      keys.add(list.get(i).key());
      steps[i] = list.get(i).uid() - previous;
      previous = list.get(i).uid();
    }
    return new Keys(keys, steps);
  }
}
