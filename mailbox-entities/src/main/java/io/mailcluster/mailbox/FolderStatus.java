package io.mailcluster.mailbox;

import io.mailcluster.serialization.CborSerializable;

/**
 * A folder's counters (IMAP STATUS / SELECT).
 *
 * @param name for display only; the folder tree (name -> folder id) lives in the Account
 * @param totalSize sum of the messages' sizes in octets
 */
public record FolderStatus(
    String folderId,
    String owner,
    String name,
    long uidValidity,
    long uidNext,
    long highestModSeq,
    long messages,
    long unseen,
    long totalSize)
    implements CborSerializable {}
