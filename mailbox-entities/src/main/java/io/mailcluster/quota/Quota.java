package io.mailcluster.quota;

/**
 * An account's storage limit and what its messages use now, both in octets of stored messages
 * (the sizes IMAP reports as RFC822.SIZE, trace headers included).
 *
 * @param limitBytes 0 means unlimited
 * @param usedBytes the sum of the account's folders' sizes; for an unlimited account it is not
 *     computed (nothing depends on it) and is 0
 */
public record Quota(long limitBytes, long usedBytes) {

  public Quota {
    if (limitBytes < 0) {
      throw new IllegalArgumentException(
          "limitBytes must not be negative (0 means unlimited): " + limitBytes);
    }
    if (usedBytes < 0) {
      throw new IllegalArgumentException("usedBytes must not be negative: " + usedBytes);
    }
  }

  public static Quota unlimited() {
    return new Quota(0, 0);
  }

  public boolean isUnlimited() {
    return limitBytes == 0;
  }

  /** Whether {@code additionalBytes} more still fit: used + additional stays at or under the limit. */
  public boolean admits(long additionalBytes) {
    if (additionalBytes < 0) {
      throw new IllegalArgumentException(
          "additionalBytes must not be negative: " + additionalBytes);
    }
    // written as a difference so that a huge declared size cannot overflow the sum
    return isUnlimited() || additionalBytes <= limitBytes - usedBytes;
  }

  /** At or over the limit: not even an empty message would fit. */
  public boolean isFull() {
    return !isUnlimited() && usedBytes >= limitBytes;
  }
}
