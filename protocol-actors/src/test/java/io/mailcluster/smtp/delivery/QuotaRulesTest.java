package io.mailcluster.smtp.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.quota.Quota;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class QuotaRulesTest {

  @Test
  void rcptIsRefusedAtOrOverTheQuotaEvenWithoutSize() {
    assertTrue(QuotaRules.admitsRecipient(List.of(new Quota(2000, 1999)), OptionalLong.empty()));
    assertFalse(QuotaRules.admitsRecipient(List.of(new Quota(2000, 2000)), OptionalLong.empty()));
    assertFalse(QuotaRules.admitsRecipient(List.of(new Quota(2000, 2500)), OptionalLong.empty()));
    assertTrue(QuotaRules.admitsRecipient(List.of(Quota.unlimited()), OptionalLong.of(Long.MAX_VALUE)));
  }

  @Test
  void rcptIsRefusedWhenTheDeclaredSizeWouldNotFit() {
    assertTrue(QuotaRules.admitsRecipient(List.of(new Quota(2000, 1500)), OptionalLong.of(500)));
    assertFalse(QuotaRules.admitsRecipient(List.of(new Quota(2000, 1500)), OptionalLong.of(501)));
  }

  @Test
  void anAddressOfSeveralMailboxesIsRefusedOnlyWhenNoneHasRoom() {
    assertTrue(QuotaRules.admitsRecipient(
        List.of(new Quota(10, 10), new Quota(100, 0)), OptionalLong.of(50)));
    assertFalse(QuotaRules.admitsRecipient(
        List.of(new Quota(10, 10), new Quota(100, 0)), OptionalLong.of(101)));
  }

  @Test
  void aMessageIsRefusedOnlyWhenItFitsInNoMailbox() {
    Quota full = new Quota(100, 100);
    Quota room = new Quota(1000, 0);
    assertFalse(QuotaRules.admitsMessage(List.of(full), 1));
    assertTrue(QuotaRules.admitsMessage(List.of(new Quota(100, 99)), 1));
    assertTrue(QuotaRules.admitsMessage(List.of(full, room), 50));
    assertFalse(QuotaRules.admitsMessage(List.of(full, room), 1001));
  }

  @Test
  void aRecipientWithoutMailboxIsAMistake() {
    assertEquals("a recipient has at least one mailbox", assertThrows(IllegalArgumentException.class,
        () -> QuotaRules.admitsRecipient(List.of(), OptionalLong.empty())).getMessage());
  }

  @Test
  void aMessageWithoutRecipientIsAMistake() {
    assertEquals("a message has at least one recipient", assertThrows(
        IllegalArgumentException.class, () -> QuotaRules.admitsMessage(List.of(), 1)).getMessage());
  }
}
