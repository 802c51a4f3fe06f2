package io.mailcluster.node.admin;

import java.util.List;

/**
 * What {@code GET /api/accounts/{address}/audit/verify} answers: whether the live state of the
 * account's folder tree and of every folder in it equals the state rebuilt from its journal.
 *
 * @param consistent true when the tree and every folder are
 * @param elapsedMillis how long the verification took
 */
record VerifyReport(
    String address, boolean consistent, TreeVerdict tree, List<FolderVerdict> folders,
    long elapsedMillis) {

  VerifyReport {
    folders = List.copyOf(folders);
  }

  /**
   * The account's folder tree (name -> folder id, special use, subscription), live vs replayed.
   *
   * @param eventsReplayed the Account entity's events read from the journal
   * @param differenceCount every difference found; {@code differences} lists the first few
   */
  record TreeVerdict(
      int folders, long eventsReplayed, boolean consistent, int differenceCount,
      List<Difference> differences) {

    TreeVerdict {
      differences = List.copyOf(differences);
    }
  }

  /**
   * One folder, live vs replayed.
   *
   * @param messages the live folder's message count
   * @param sequenceNr the journal sequence number the live folder was at (first page)
   * @param eventsReplayed the folder's events read from the journal and applied
   * @param differenceCount every difference found; {@code differences} lists the first few
   */
  record FolderVerdict(
      String name, String folderId, long messages, long sequenceNr, long eventsReplayed,
      boolean consistent, int differenceCount, List<Difference> differences) {

    FolderVerdict {
      differences = List.copyOf(differences);
    }
  }

  /**
   * One field that differs.
   *
   * @param uid the message it concerns, or null for the folder (or tree) itself
   * @param field what differs: a header field, a message field, "message" (present on one side
   *     only), "sequenceNr", "journal", "folder NAME" (tree)
   * @param live the live entity's value ("absent" if it has none)
   * @param replayed the value rebuilt from the journal ("absent" if none)
   */
  record Difference(Long uid, String field, String live, String replayed) {}
}
