package io.mailcluster.mailbox;

/** Why messages left a folder, as the audit shows it (part of the journal: never rename). */
public enum ExpungeCause {
  /** An IMAP client expunged its \Deleted messages (EXPUNGE, UID EXPUNGE, CLOSE). */
  EXPUNGE,
  /** The second half of a MOVE: the messages are now in another folder. */
  MOVE,
  /** A POP3 client deleted them (DELE, committed by QUIT). */
  POP3_DELETE
}
