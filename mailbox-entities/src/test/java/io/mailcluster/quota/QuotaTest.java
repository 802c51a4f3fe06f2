package io.mailcluster.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QuotaTest {

  @Test
  void unlimitedAdmitsAnythingAndIsNeverFull() {
    Quota q = Quota.unlimited();
    assertTrue(q.isUnlimited());
    assertTrue(q.admits(Long.MAX_VALUE));
    assertFalse(q.isFull());
  }

  @Test
  void underTheLimitAdmitsWhatStillFits() {
    Quota q = new Quota(2000, 1500);
    assertTrue(q.admits(500));
    assertFalse(q.admits(501));
    assertFalse(q.isFull());
  }

  @Test
  void exactlyAtTheLimitIsFullAndAdmitsNothingMore() {
    Quota q = new Quota(2000, 2000);
    assertTrue(q.isFull());
    assertTrue(q.admits(0));
    assertFalse(q.admits(1));
  }

  @Test
  void overTheLimitIsFull() {
    Quota q = new Quota(2000, 2600);
    assertTrue(q.isFull());
    assertFalse(q.admits(1));
  }

  @Test
  void aHugeSizeDoesNotOverflow() {
    assertFalse(new Quota(2000, 10).admits(Long.MAX_VALUE));
  }

  @Test
  void badValuesAreRefusedWithTheirName() {
    assertEquals("limitBytes must not be negative (0 means unlimited): -1",
        assertThrows(IllegalArgumentException.class, () -> new Quota(-1, 0)).getMessage());
    assertEquals("usedBytes must not be negative: -1",
        assertThrows(IllegalArgumentException.class, () -> new Quota(1, -1)).getMessage());
    assertEquals("additionalBytes must not be negative: -5",
        assertThrows(IllegalArgumentException.class, () -> new Quota(1, 0).admits(-5)).getMessage());
  }
}
