package io.mailcluster.pop3.session;

import java.util.Arrays;

/**
 * The INBOX as one POP3 session sees it: the messages present when the maildrop was locked,
 * numbered from 1 in uid order. Messages arriving later show up in the next session (RFC 1939
 * numbers must not change during a session). Only uids and sizes are kept (16 bytes a message,
 * 3.2 MB at the folder cap of 200,000); a message's bytes are looked up by uid when asked for.
 */
public final class Maildrop {

  private final String account;
  private final String folderId;
  private final long uidValidity;
  private final long[] uids;
  private final long[] sizes;

  /**
   * @param account the canonical address that owns the maildrop
   * @param folderId the INBOX folder entity
   * @param uidValidity the INBOX's UIDVALIDITY, part of every unique id
   * @param uids ascending; {@code sizes[i]} is the size of {@code uids[i]} in octets
   */
  public Maildrop(String account, String folderId, long uidValidity, long[] uids, long[] sizes) {
    if (uids.length != sizes.length) {
      throw new IllegalArgumentException("one size per uid");
    }
    this.account = account;
    this.folderId = folderId;
    this.uidValidity = uidValidity;
    this.uids = uids.clone();
    this.sizes = sizes.clone();
  }

  public String account() {
    return account;
  }

  public String folderId() {
    return folderId;
  }

  public int count() {
    return uids.length;
  }

  /** The uid of message {@code number} (1-based). */
  public long uid(int number) {
    return uids[number - 1];
  }

  public long size(int number) {
    return sizes[number - 1];
  }

  /**
   * The RFC 1939 unique id of message {@code number}: UIDVALIDITY and uid, so it is stable
   * across sessions and nodes and never names another message, even after the folder was
   * recreated with a new UIDVALIDITY.
   */
  public String uniqueId(int number) {
    return uidValidity + "." + uid(number);
  }

  @Override
  public String toString() {
    return "Maildrop[" + account + ", " + uids.length + " messages, uids " + Arrays.toString(
        Arrays.copyOf(uids, Math.min(5, uids.length))) + (uids.length > 5 ? "...]" : "]");
  }
}
