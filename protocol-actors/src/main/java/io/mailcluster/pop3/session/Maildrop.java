package io.mailcluster.pop3.session;

import java.util.List;

/**
 * The INBOX as one POP3 session sees it: the messages present when the maildrop was locked,
 * numbered from 1 in uid order. Messages arriving later show up in the next session (RFC 1939
 * numbers must not change during a session).
 *
 * @param account the canonical address that owns the maildrop
 * @param folderId the INBOX folder entity
 * @param uidValidity the INBOX's UIDVALIDITY, part of every unique id
 */
public record Maildrop(String account, String folderId, long uidValidity, List<Message> messages) {

  /** One message: its uid in the INBOX, its size in octets and where its bytes are. */
  public record Message(long uid, long size, String blobId) {}

  public Maildrop {
    messages = List.copyOf(messages);
  }

  /**
   * The RFC 1939 unique id: UIDVALIDITY and uid, so it is stable across sessions and nodes and
   * never names another message, even after the folder was recreated with a new UIDVALIDITY.
   */
  public String uniqueId(Message message) {
    return uidValidity + "." + message.uid();
  }

  public int count() {
    return messages.size();
  }
}
