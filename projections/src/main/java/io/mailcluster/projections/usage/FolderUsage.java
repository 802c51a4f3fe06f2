package io.mailcluster.projections.usage;

/**
 * One folder's totals in the usage read model.
 *
 * @param seqNr the sequence number of the folder's last event counted
 */
public record FolderUsage(
    String folderId, String account, String name, long messages, long bytes, long seqNr) {

  FolderUsage plus(long messageCount, long octets, long seqNr) {
    return new FolderUsage(folderId, account, name, messages + messageCount, bytes + octets, seqNr);
  }

  FolderUsage renamed(String newName, long seqNr) {
    return new FolderUsage(folderId, account, newName, messages, bytes, seqNr);
  }
}
