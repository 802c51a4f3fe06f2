package io.mailcluster.mailbox;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Folders shaped like real ones, for snapshot size and recovery measurements: SHA-256 blob ids,
 * sizes of a few KiB to a few hundred, internal dates with microseconds (as {@code Instant.now()}
 * gives), two thirds seen, some flagged or carrying a keyword, SMTP-style idempotency keys.
 */
final class FolderSamples {

  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private FolderSamples() {}

  /** The {@code n}-th message (from 0) of a sample folder; deterministic. */
  static AppendRequest request(int n) {
    Random random = new Random(n);
    SortedSet<String> flags = new TreeSet<>();
    if (n % 3 != 0) {
      flags.add(Flags.SEEN);
    }
    if (n % 17 == 0) {
      flags.add(Flags.FLAGGED);
    }
    if (n % 20 == 0) {
      flags.add(n % 40 == 0 ? "$Junk" : "$NotJunk");
    }
    Instant date = START.plusSeconds(n * 37L + random.nextInt(30))
        .plusNanos(random.nextInt(1_000_000) * 1000L);
    return new AppendRequest(key(n), blobId(n), 2_000 + random.nextInt(200_000), date, flags);
  }

  /** An SMTP delivery's key: {@code smtp:<message id>:<mailbox>}. */
  static String key(int n) {
    return "smtp:" + HexFormat.of().formatHex(sha256(n), 0, 12) + ":alice@example.com";
  }

  static String blobId(int n) {
    return HexFormat.of().formatHex(sha256(n));
  }

  /**
   * A folder state of {@code messages} messages built through the event handlers, with every
   * 50th message later flagged {@code \Answered} (so mod-sequences are out of uid order) and every
   * 100th expunged (so uids have gaps).
   */
  static Folder.Active folder(int messages, int keysKept) {
    Folder.Active state = Folder.Active.created("f-sample",
        new Folder.FolderCreated("alice@example.com", "INBOX", 1_764_324_000L, START));
    for (int n = 0; n < messages; n++) {
      AppendRequest r = request(n);
      state = state.appended(new Folder.MessageAppended(state.uidNext(), r.blobId(), r.size(),
          r.internalDate(), r.flags(), state.highestModSeq() + 1, r.idempotencyKey()), keysKept);
    }
    List<Long> answered = new ArrayList<>();
    List<Long> expunged = new ArrayList<>();
    for (long uid = 1; uid < state.uidNext(); uid++) {
      if (uid % 50 == 0) {
        answered.add(uid);
      }
      if (uid % 100 == 7) {
        expunged.add(uid);
      }
    }
    state = state.flagsChanged(new Folder.FlagsChanged(answered, FlagMode.ADD,
        new TreeSet<>(List.of(Flags.ANSWERED)), state.highestModSeq() + 1));
    return state.expunged(new Folder.MessagesExpunged(expunged, state.highestModSeq() + 1));
  }

  private static byte[] sha256(int n) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(ByteBuffer.allocate(4).putInt(n).array());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
