package io.mailcluster.imap.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.imap.codec.SequenceSet;
import io.mailcluster.mailbox.UidRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class UidMapTest {

  private static SequenceSet set(long first, long last) {
    return new SequenceSet(List.of(new SequenceSet.Range(first, last)), false);
  }

  @Test
  void sequenceNumbersFollowTheUidsInOrder() {
    UidMap map = new UidMap(new long[] {3, 7, 9});
    assertEquals(7, map.uid(2));
    assertEquals(3, map.seq(9));
    assertEquals(0, map.seq(8));
    assertEquals(9, map.maxUid());
  }

  @Test
  void removingRenumbersTheMessagesAfterIt() {
    UidMap map = new UidMap(new long[] {3, 7, 9});
    assertEquals(2, map.remove(7));
    assertEquals(2, map.seq(9));
    assertEquals(0, map.remove(7), "already gone");
    assertArrayEquals(new long[] {3, 9}, map.toArray());
  }

  @Test
  void addsOnlyUidsAboveTheLargestHeld() {
    UidMap map = new UidMap(new long[] {3, 7});
    assertEquals(2, map.addAll(List.of(new UidRange(5, 9))));
    assertArrayEquals(new long[] {3, 7, 8, 9}, map.toArray());
  }

  @Test
  void starIsTheLastMessageOrTheLargestUid() {
    UidMap map = new UidMap(new long[] {3, 7, 9});
    assertEquals(List.of(7L, 9L), map.uidsOfSequences(set(2, SequenceSet.STAR)));
    assertEquals(List.of(9L), map.uidsOfUidSet(set(8, SequenceSet.STAR)));
    // "n:*" with n above every uid still names the largest (RFC 9051 section 6.4.9)
    assertEquals(List.of(9L), map.uidsOfUidSet(set(100, SequenceSet.STAR)));
    assertEquals(List.of(3L, 7L), map.uidsOfUidSet(set(1, 8)));
  }

  @Test
  void aSequenceNumberBeyondTheMailboxIsInvalid() {
    UidMap map = new UidMap(new long[] {3, 7});
    assertTrue(map.sequencesValid(set(1, 2)));
    assertFalse(map.sequencesValid(set(1, 3)));
    assertTrue(map.sequencesValid(set(1, SequenceSet.STAR)));
    assertFalse(new UidMap(new long[0]).sequencesValid(set(1, SequenceSet.STAR)));
  }

  @Test
  void compactWritesRuns() {
    assertEquals("1:3,7,9:10", UidMap.compact(List.of(1L, 2L, 3L, 7L, 9L, 10L)));
    assertEquals("", UidMap.compact(List.of()));
  }
}
