package io.mailcluster.node.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.control.FolderRef;
import io.mailcluster.control.FolderTree;
import io.mailcluster.mailbox.AppliedKeys;
import io.mailcluster.mailbox.Folder;
import io.mailcluster.mailbox.FolderDescription;
import io.mailcluster.mailbox.MessageEntry;
import io.mailcluster.mailbox.MessageIndex;
import io.mailcluster.node.admin.VerifyReport.Difference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Live folder pages against replayed states, and live trees against replayed ones. */
class FolderComparisonTest {

  private static final Instant DATE = Instant.parse("2026-11-28T10:00:00Z");
  private static final int PAGE = 1000;
  private static final int BYTES = 128 * 1024;

  private static MessageEntry entry(long uid, String... flags) {
    return new MessageEntry(uid, "blob-" + uid, 100 * uid, DATE.plusSeconds(uid),
        new TreeSet<>(List.of(flags)), uid + 1);
  }

  /** A folder of the given messages, its counters computed from them as the entity keeps them. */
  private static Folder.Active folder(long uidNext, MessageEntry... entries) {
    long unseen = 0;
    long size = 0;
    long modSeq = 1;
    List<AppliedKeys.Applied> keys = new ArrayList<>();
    for (MessageEntry e : entries) {
      unseen += e.isSeen() ? 0 : 1;
      size += e.size();
      modSeq = Math.max(modSeq, e.modSeq());
      keys.add(new AppliedKeys.Applied("key-" + e.uid(), e.uid()));
    }
    return new Folder.Active("f-1", "alice@example.com", "INBOX", 1_764_324_000L, uidNext, modSeq,
        unseen, size, MessageIndex.of(List.of(entries)), AppliedKeys.of(keys));
  }

  private static Folder.Active sample() {
    return folder(4, entry(1, "\\Seen"), entry(2), entry(3, "\\Flagged"));
  }

  /** Every page of {@code live} (pages of {@code pageSize}) compared with {@code replayed}. */
  private static Differences compare(Folder.State live, Folder.State replayed, int pageSize,
      int max) {
    Differences differences = new Differences(max);
    long from = 1;
    while (true) {
      FolderDescription page = FolderDescription.of(live, 7, from, pageSize, BYTES);
      FolderComparison.page(page, from, replayed, differences);
      if (page.nextUid().isEmpty()) {
        return differences;
      }
      from = page.nextUid().getAsLong();
    }
  }

  private static List<Difference> differences(Folder.State live, Folder.State replayed) {
    Differences differences = compare(live, replayed, PAGE, 10);
    assertEquals(differences.count(), differences.kept().size());
    return differences.kept();
  }

  @Test
  void equalStatesHaveNoDifferences() {
    assertEquals(List.of(), differences(sample(), sample()));
    assertEquals(List.of(), differences(new Folder.Absent(), new Folder.Absent()));
    assertEquals(List.of(), differences(new Folder.Deleted(5), new Folder.Deleted(5)));
  }

  @Test
  void equalStatesComparedOnePageAtATimeHaveNoDifferences() {
    assertTrue(compare(sample(), sample(), 1, 10).isEmpty());
  }

  @Test
  void differingFlagsAreReportedWithTheUidAndBothValues() {
    Folder.Active live = folder(4, entry(1, "\\Seen"), entry(2), entry(3, "\\Flagged"));
    Folder.Active replayed = folder(4, entry(1, "\\Seen"), entry(2), entry(3, "\\Flagged", "\\Seen"));
    List<Difference> found = differences(live, replayed);
    assertEquals(List.of(
        new Difference(null, "unseen", "2", "1"),
        new Difference(3L, "flags", "[\\Flagged]", "[\\Flagged, \\Seen]")), found);
  }

  @Test
  void aUidOnOneSideOnlyIsReported() {
    Folder.Active live = folder(4, entry(1, "\\Seen"), entry(3, "\\Flagged"));
    List<Difference> found = differences(live, sample());
    assertTrue(found.contains(new Difference(2L, "message", "absent", "present")), found.toString());
    assertTrue(found.contains(new Difference(null, "messages", "2", "3")), found.toString());

    List<Difference> reverse = differences(sample(), live);
    assertTrue(reverse.contains(new Difference(2L, "message", "present", "absent")),
        reverse.toString());
  }

  @Test
  void aMissingUidIsFoundWhateverPageItFallsOn() {
    Folder.Active live = folder(4, entry(1, "\\Seen"), entry(2));
    Differences found = compare(live, sample(), 1, 10);
    assertTrue(found.kept().contains(new Difference(3L, "message", "absent", "present")),
        found.kept().toString());
  }

  @Test
  void aDifferentUidNextIsReported() {
    Folder.Active replayed = folder(5, entry(1, "\\Seen"), entry(2), entry(3, "\\Flagged"));
    assertEquals(List.of(new Difference(null, "uidNext", "4", "5")),
        differences(sample(), replayed));
  }

  @Test
  void everyMessageFieldIsCompared() {
    List<UnaryOperator<MessageEntry>> changes = List.of(
        e -> new MessageEntry(e.uid(), "other", e.size(), e.internalDate(), e.flags(), e.modSeq()),
        e -> new MessageEntry(e.uid(), e.blobId(), e.size() + 1, e.internalDate(), e.flags(), e.modSeq()),
        e -> new MessageEntry(e.uid(), e.blobId(), e.size(), e.internalDate().plusNanos(1), e.flags(), e.modSeq()),
        e -> new MessageEntry(e.uid(), e.blobId(), e.size(), e.internalDate(), e.flags(), e.modSeq() + 1));
    List<String> fields = new ArrayList<>();
    for (UnaryOperator<MessageEntry> change : changes) {
      Folder.Active live = sample();
      Folder.Active replayed = new Folder.Active(live.folderId(), live.owner(), live.name(),
          live.uidValidity(), live.uidNext(), live.highestModSeq(), live.unseen(), live.totalSize(),
          MessageIndex.of(List.of(entry(1, "\\Seen"), change.apply(entry(2)), entry(3, "\\Flagged"))),
          live.appliedKeys());
      List<Difference> found = differences(live, replayed);
      assertEquals(1, found.size(), found.toString());
      assertEquals(2L, found.get(0).uid());
      fields.add(found.get(0).field());
    }
    assertEquals(List.of("blobId", "size", "internalDate", "modSeq"), fields);
  }

  @Test
  void differentLifecyclesAndIdempotencyKeysAreReported() {
    Differences deleted = compare(sample(), new Folder.Deleted(1_764_324_000L), PAGE, 100);
    assertEquals(new Difference(null, "lifecycle", "active", "deleted"), deleted.kept().get(0));
    assertTrue(deleted.kept().contains(new Difference(3L, "message", "present", "absent")),
        deleted.kept().toString());

    Folder.Active live = sample();
    Folder.Active otherKeys = new Folder.Active(live.folderId(), live.owner(), live.name(),
        live.uidValidity(), live.uidNext(), live.highestModSeq(), live.unseen(), live.totalSize(),
        live.messages(), AppliedKeys.of(List.of(new AppliedKeys.Applied("key-1", 1))));
    List<String> fields = differences(live, otherKeys).stream().map(Difference::field).toList();
    assertEquals(List.of("appliedKeys", "appliedKeysDigest"), fields);
  }

  @Test
  void onlyTheFirstDifferencesAreKeptButAllAreCounted() {
    List<MessageEntry> seen = new ArrayList<>();
    List<MessageEntry> unseen = new ArrayList<>();
    for (long uid = 1; uid <= 50; uid++) {
      seen.add(entry(uid, "\\Seen"));
      unseen.add(entry(uid));
    }
    Differences found = compare(folder(51, seen.toArray(MessageEntry[]::new)),
        folder(51, unseen.toArray(MessageEntry[]::new)), 7, 5);
    assertEquals(51, found.count(), "50 flags and the unseen counter");
    assertEquals(5, found.kept().size());
    assertEquals(new Difference(null, "unseen", "0", "50"), found.kept().get(0));
    assertEquals(new Difference(1L, "flags", "[\\Seen]", "[]"), found.kept().get(1));
  }

  @Test
  void aPageComparesOnlyTheUidsItCovers() {
    FolderDescription firstOfTwo = FolderDescription.of(sample(), 7, 1, 2, BYTES);
    assertEquals(OptionalLong.of(3), firstOfTwo.nextUid());
    Differences differences = new Differences(10);
    FolderComparison.page(firstOfTwo, 1, sample(), differences);
    assertTrue(differences.isEmpty(), differences.kept().toString());
  }

  @Test
  void treesAreComparedNameByName() {
    FolderRef inbox = new FolderRef("INBOX", "f-1", null, true);
    FolderRef archive = new FolderRef("Archive", "f-2", FolderRef.ARCHIVE, true);
    TreeMap<String, FolderRef> replayed = new TreeMap<>();
    replayed.put("INBOX", inbox);
    replayed.put("Archive", archive);

    Differences same = new Differences(10);
    AccountVerifier.compareTrees(new FolderTree("a@b.test", List.of(archive, inbox)), replayed, same);
    assertTrue(same.isEmpty(), same.kept().toString());

    Differences other = new Differences(10);
    FolderRef moved = new FolderRef("Archive", "f-9", FolderRef.ARCHIVE, true);
    FolderRef extra = new FolderRef("Extra", "f-3", null, false);
    AccountVerifier.compareTrees(
        new FolderTree("a@b.test", List.of(moved, extra, inbox)), replayed, other);
    assertEquals(List.of(
        new Difference(null, "folder Archive", "folderId=f-9 specialUse=\\Archive subscribed=true",
            "folderId=f-2 specialUse=\\Archive subscribed=true"),
        new Difference(null, "folder Extra", "folderId=f-3 specialUse=null subscribed=false",
            "absent")), other.kept());
  }

  @Test
  void aNegativeBoundIsRefused() {
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class, () -> new Differences(-1));
    assertEquals("max-differences must not be negative: -1", e.getMessage());
  }
}
