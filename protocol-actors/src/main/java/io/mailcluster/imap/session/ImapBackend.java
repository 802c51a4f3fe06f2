package io.mailcluster.imap.session;

import io.mailcluster.control.FolderTree;
import io.mailcluster.mailbox.CopyResult;
import io.mailcluster.mailbox.Expunged;
import io.mailcluster.mailbox.FlagMode;
import io.mailcluster.mailbox.FolderStatus;
import io.mailcluster.mailbox.MessageEntry;
import io.mailcluster.mailbox.StoreResult;
import io.mailcluster.mailbox.UidRange;
import io.mailcluster.mime.MessageMetadata;
import io.mailcluster.quota.Quota;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Port: what an IMAP session needs from the cluster. The node implements it with the shared
 * control data (logins, folder trees), the Folder entities, the blob store and the message
 * metadata. A stage that fails with {@link io.mailcluster.control.Rejection} is a business
 * answer (no such folder, name taken, ...); any other failure means storage trouble, answered
 * NO [UNAVAILABLE]. Nothing here blocks.
 */
public interface ImapBackend {

  /**
   * The canonical account address when the password is right, empty when it is not. The node
   * records the outcome on the account for its audit, with {@code clientAddress}; a successful
   * login it could not record is a failed stage (storage trouble), never a wrong password.
   *
   * @param clientAddress the client's IP address as text (behind a balancer, from its PROXY header)
   */
  CompletionStage<Optional<String>> authenticate(
      String user, String password, String clientAddress);

  CompletionStage<FolderTree> folders(String account);

  /** Creates the folder (and its missing parents); {@code specialUse} may be null. */
  CompletionStage<FolderTree> createFolder(String account, String name, String specialUse);

  CompletionStage<FolderTree> deleteFolder(String account, String name);

  CompletionStage<FolderTree> renameFolder(String account, String from, String to);

  CompletionStage<FolderTree> setSubscribed(String account, String name, boolean subscribed);

  CompletionStage<FolderStatus> status(String folderId);

  /** Every uid of the folder, ascending. */
  CompletionStage<long[]> uids(String folderId);

  /** What changed since {@code sinceModSeq}, for a view that knows the uids below {@code knownUidNext}. */
  CompletionStage<MailboxChanges> changes(String folderId, long sinceModSeq, long knownUidNext);

  /** The index entries of the existing messages in {@code ranges}, ascending by uid. */
  CompletionStage<List<MessageEntry>> entries(String folderId, List<UidRange> ranges);

  /** What ingest parsed from the message with this blob. */
  CompletionStage<MessageMetadata> metadata(String blobId);

  /** {@code length} octets of the stored message from {@code offset} (clipped at its end). */
  Source<ByteString, NotUsed> content(String blobId, long offset, long length);

  CompletionStage<StoreResult> store(String folderId, SortedSet<Long> uids, FlagMode mode,
      SortedSet<String> flags, OptionalLong unchangedSince);

  /** Removes {@code uids} flagged \Deleted, or every \Deleted message when {@code uids} is empty. */
  CompletionStage<Expunged> expunge(String folderId, SortedSet<Long> uids);

  CompletionStage<CopyResult> copy(String fromFolderId, String toFolderId, List<Long> uids);

  CompletionStage<CopyResult> move(String fromFolderId, String toFolderId, List<Long> uids);

  /**
   * The account's quota and current usage (see {@link io.mailcluster.quota.AccountUsage}), for
   * APPEND and COPY; fails when it cannot be computed.
   */
  CompletionStage<Quota> quota(String account);

  /** Starts storing one APPENDed message into the folder. */
  AppendUpload append(String folderId, SortedSet<String> flags, Instant internalDate);

  /**
   * Calls {@code onChange} (on any thread) soon after each change of the folder made on any
   * node, until the watch is cancelled. Best effort: sessions still ask for changes at each
   * command.
   */
  Watch watch(String folderId, Runnable onChange);

  /** A registration made by {@link #watch}. */
  interface Watch {
    void cancel();
  }
}
