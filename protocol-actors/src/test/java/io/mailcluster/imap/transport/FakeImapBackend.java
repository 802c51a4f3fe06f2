package io.mailcluster.imap.transport;

import io.mailcluster.imap.session.AppendUpload;
import io.mailcluster.imap.session.ImapBackend;
import io.mailcluster.imap.session.MailboxChanges;

import io.mailcluster.control.FolderRef;
import io.mailcluster.control.FolderTree;
import io.mailcluster.control.Rejection;
import io.mailcluster.login.LoginNotRecordedException;
import io.mailcluster.mailbox.AppendResult;
import io.mailcluster.mailbox.CopyResult;
import io.mailcluster.mailbox.Expunged;
import io.mailcluster.mailbox.FlagMode;
import io.mailcluster.mailbox.FolderStatus;
import io.mailcluster.mailbox.MessageEntry;
import io.mailcluster.mailbox.MessageFlags;
import io.mailcluster.mailbox.StoreResult;
import io.mailcluster.mailbox.UidRange;
import io.mailcluster.mime.MessageMetadata;
import io.mailcluster.mime.MetadataExtractor;
import io.mailcluster.mime.MimeSettings;
import io.mailcluster.quota.AccountUsage;
import io.mailcluster.quota.Quota;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * An in-memory {@link ImapBackend} with the folder semantics of the real entities (uids never
 * reused, every change bumps the mod-sequence, expunges remembered for CHANGES), real MIME
 * metadata from the extractor, and switches to make calls fail as storage would.
 * Synchronized: the tests drive it from stream threads and from the test thread.
 */
final class FakeImapBackend implements ImapBackend {

  private static final MetadataExtractor EXTRACTOR =
      new MetadataExtractor(MimeSettings.fromConfig(ConfigFactory.defaultReference()));

  /** One folder: the entity's state in plain fields. */
  static final class FakeFolder {
    final String id;
    final long uidValidity;
    long uidNext = 1;
    long modSeq = 1;
    final TreeMap<Long, MessageEntry> messages = new TreeMap<>();
    /** uid -> mod-sequence of its expunge. */
    final TreeMap<Long, Long> expunged = new TreeMap<>();

    FakeFolder(String id, long uidValidity) {
      this.id = id;
      this.uidValidity = uidValidity;
    }
  }

  private final Map<String, String> passwords = new TreeMap<>();
  private final Map<String, TreeMap<String, FolderRef>> trees = new TreeMap<>();
  final Map<String, FakeFolder> folders = new TreeMap<>();
  final Map<String, ByteString> blobs = new ConcurrentHashMap<>();
  private final Map<String, List<Runnable>> watchers = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  /** Each authenticate call, as "user from client-address", in order. */
  final List<String> logins = new CopyOnWriteArrayList<>();
  /** While true, a right password fails as a login that could not be recorded. */
  volatile boolean loginNotRecorded;
  /** While true, every call fails as if Cassandra were down. */
  volatile boolean unavailable;
  /** While true, folders answer as if their change log did not reach back (expungedKnown false). */
  volatile boolean forgetExpunges;
  /** Quotas in octets by account; absent means unlimited (0). */
  private final Map<String, Long> quotaLimits = new ConcurrentHashMap<>();
  /** The node's usage computation over this fake's folder trees and statuses. */
  private final AccountUsage usage = new AccountUsage(
      account -> answer(() -> quotaLimits.getOrDefault(account, 0L)), this::folders, this::status);

  synchronized void account(String address, String password) {
    passwords.put(address, password);
    TreeMap<String, FolderRef> tree = new TreeMap<>();
    for (FolderRef.Default d : FolderRef.DEFAULTS) {
      tree.put(d.name(), new FolderRef(d.name(), newFolder(), d.specialUse(), true));
    }
    trees.put(address, tree);
  }

  /** Gives the account a quota in octets (0: unlimited). */
  void quota(String address, long limitBytes) {
    quotaLimits.put(address, limitBytes);
  }

  /** Appends a message (text with CRLF) to the account's folder, as a delivery would. */
  synchronized long deliver(String address, String folder, String text, String... flags) {
    FakeFolder f = folders.get(trees.get(address).get(folder).folderId());
    return append(f, store(ByteString.fromString(text)), new TreeSet<>(List.of(flags)), Instant.parse("2026-11-28T10:00:00Z"));
  }

  /** Removes a message as another client would (its expunge remembered with a new mod-sequence). */
  synchronized void expunge(String address, String folder, long uid) {
    expungeNow(folder(address, folder), new TreeSet<>(List.of(uid)), false);
  }

  synchronized java.util.SortedSet<String> folderNames(String address) {
    return new TreeSet<>(trees.get(address).keySet());
  }

  synchronized FakeFolder folder(String address, String name) {
    return folders.get(trees.get(address).get(name).folderId());
  }

  private String newFolder() {
    String id = "f" + ids.incrementAndGet();
    folders.put(id, new FakeFolder(id, 1000 + ids.get()));
    return id;
  }

  private String store(ByteString bytes) {
    try {
      String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toArray()));
      blobs.put(id, bytes);
      return id;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private long append(FakeFolder f, String blobId, SortedSet<String> flags, Instant date) {
    long uid = f.uidNext++;
    f.modSeq++;
    f.messages.put(uid, new MessageEntry(uid, blobId, blobs.get(blobId).size(), date, flags, f.modSeq));
    changed(f.id);
    return uid;
  }

  private void changed(String folderId) {
    watchers.getOrDefault(folderId, List.of()).forEach(Runnable::run);
  }

  private <T> CompletionStage<T> answer(java.util.function.Supplier<T> body) {
    if (unavailable) {
      return CompletableFuture.failedStage(new IllegalStateException("storage down"));
    }
    try {
      synchronized (this) {
        return CompletableFuture.completedStage(body.get());
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedStage(e);
    }
  }

  private FakeFolder live(String folderId) {
    FakeFolder f = folders.get(folderId);
    if (f == null) {
      throw Rejection.notFound("folder " + folderId + " does not exist");
    }
    return f;
  }

  private TreeMap<String, FolderRef> tree(String account) {
    return trees.get(account);
  }

  private FolderTree treeOf(String account) {
    return new FolderTree(account, List.copyOf(tree(account).values()));
  }

  @Override
  public CompletionStage<Optional<String>> authenticate(
      String user, String password, String clientAddress) {
    logins.add(user + " from " + clientAddress);
    if (loginNotRecorded && password.equals(passwords.get(user))) {
      // as PasswordLogin fails when the entity refuses the record (here: gone meanwhile)
      return CompletableFuture.failedStage(new LoginNotRecordedException(user, "imap",
          clientAddress, Rejection.notFound("account " + user + " does not exist")));
    }
    return answer(() -> password.equals(passwords.get(user)) ? Optional.of(user) : Optional.empty());
  }

  @Override
  public CompletionStage<FolderTree> folders(String account) {
    return answer(() -> treeOf(account));
  }

  @Override
  public CompletionStage<FolderTree> createFolder(String account, String name, String specialUse) {
    return answer(() -> {
      if (name.isEmpty() || name.contains("//") || name.startsWith("/")) {
        throw Rejection.invalid("invalid folder name " + name);
      }
      if (tree(account).containsKey(name)) {
        throw Rejection.conflict("folder " + name + " already exists");
      }
      String[] levels = name.split("/");
      StringBuilder path = new StringBuilder();
      for (String level : levels) {
        path.append(path.length() == 0 ? "" : "/").append(level);
        String n = path.toString();
        if (!tree(account).containsKey(n)) {
          tree(account).put(n, new FolderRef(n, newFolder(), n.equals(name) ? specialUse : null, false));
        }
      }
      return treeOf(account);
    });
  }

  @Override
  public CompletionStage<FolderTree> deleteFolder(String account, String name) {
    return answer(() -> {
      FolderRef ref = tree(account).get(name);
      if (ref == null) {
        throw Rejection.notFound("no folder " + name);
      }
      if (name.equals(FolderRef.INBOX)) {
        throw Rejection.invalid("INBOX cannot be deleted");
      }
      if (tree(account).keySet().stream().anyMatch(n -> n.startsWith(name + "/"))) {
        throw Rejection.conflict("folder " + name + " has children, delete them first");
      }
      tree(account).remove(name);
      folders.remove(ref.folderId());
      return treeOf(account);
    });
  }

  @Override
  public CompletionStage<FolderTree> renameFolder(String account, String from, String to) {
    return answer(() -> {
      TreeMap<String, FolderRef> tree = tree(account);
      FolderRef source = tree.get(from);
      if (source == null) {
        throw Rejection.notFound("no folder " + from);
      }
      if (tree.containsKey(to)) {
        throw Rejection.conflict("folder " + to + " already exists");
      }
      if (from.equals(FolderRef.INBOX)) {
        tree.put(to, new FolderRef(to, source.folderId(), source.specialUse(), source.subscribed()));
        tree.put(FolderRef.INBOX, new FolderRef(FolderRef.INBOX, newFolder(), null, true));
        return treeOf(account);
      }
      for (String n : new ArrayList<>(tree.keySet())) {
        if (n.equals(from) || n.startsWith(from + "/")) {
          FolderRef r = tree.remove(n);
          String renamed = to + n.substring(from.length());
          tree.put(renamed, new FolderRef(renamed, r.folderId(), r.specialUse(), r.subscribed()));
        }
      }
      return treeOf(account);
    });
  }

  @Override
  public CompletionStage<FolderTree> setSubscribed(String account, String name, boolean subscribed) {
    return answer(() -> {
      FolderRef r = tree(account).get(name);
      if (r == null) {
        throw Rejection.notFound("no folder " + name);
      }
      tree(account).put(name, new FolderRef(name, r.folderId(), r.specialUse(), subscribed));
      return treeOf(account);
    });
  }

  @Override
  public CompletionStage<FolderStatus> status(String folderId) {
    return answer(() -> {
      FakeFolder f = live(folderId);
      long unseen = f.messages.values().stream().filter(e -> !e.isSeen()).count();
      long size = f.messages.values().stream().mapToLong(MessageEntry::size).sum();
      return new FolderStatus(f.id, "owner", "name", f.uidValidity, f.uidNext, f.modSeq,
          f.messages.size(), unseen, size);
    });
  }

  @Override
  public CompletionStage<long[]> uids(String folderId) {
    return answer(() -> live(folderId).messages.keySet().stream().mapToLong(Long::longValue).toArray());
  }

  @Override
  public CompletionStage<MailboxChanges> changes(String folderId, long sinceModSeq, long knownUidNext) {
    return answer(() -> {
      FakeFolder f = live(folderId);
      List<UidRange> added = new ArrayList<>();
      List<MessageFlags> flags = new ArrayList<>();
      for (MessageEntry e : f.messages.values()) {
        if (e.uid() >= knownUidNext) {
          added.add(UidRange.of(e.uid()));
        } else if (e.modSeq() > sinceModSeq) {
          flags.add(new MessageFlags(e.uid(), e.flags(), e.modSeq()));
        }
      }
      List<UidRange> gone = new ArrayList<>();
      f.expunged.forEach((uid, modSeq) -> {
        if (modSeq > sinceModSeq) {
          gone.add(UidRange.of(uid));
        }
      });
      return forgetExpunges
          ? new MailboxChanges(f.uidValidity, f.uidNext, f.modSeq, f.messages.size(), added, flags, true,
              List.of(), false)
          : new MailboxChanges(f.uidValidity, f.uidNext, f.modSeq, f.messages.size(), added, flags, true,
              gone, true);
    });
  }

  @Override
  public CompletionStage<List<MessageEntry>> entries(String folderId, List<UidRange> ranges) {
    return answer(() -> {
      TreeMap<Long, MessageEntry> found = new TreeMap<>();
      for (UidRange r : ranges) {
        found.putAll(live(folderId).messages.subMap(r.first(), true, r.last(), true));
      }
      return List.copyOf(found.values());
    });
  }

  @Override
  public CompletionStage<MessageMetadata> metadata(String blobId) {
    return answer(() -> {
      try {
        return EXTRACTOR.extract(new ByteArrayInputStream(blobs.get(blobId).toArray()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Override
  public Source<ByteString, NotUsed> content(String blobId, long offset, long length) {
    if (unavailable) {
      return Source.failed(new IllegalStateException("storage down"));
    }
    ByteString all = blobs.get(blobId);
    int from = (int) Math.min(offset, all.size());
    int to = (int) Math.min(all.size(), from + length);
    return Source.single(all.slice(from, to));
  }

  @Override
  public CompletionStage<StoreResult> store(String folderId, SortedSet<Long> uids, FlagMode mode,
      SortedSet<String> flags, OptionalLong unchangedSince) {
    return answer(() -> {
      FakeFolder f = live(folderId);
      TreeSet<Long> failed = new TreeSet<>();
      List<Long> changed = new ArrayList<>();
      for (long uid : uids) {
        MessageEntry e = f.messages.get(uid);
        if (e == null) {
          continue;
        }
        if (unchangedSince.isPresent() && e.modSeq() > unchangedSince.getAsLong()) {
          failed.add(uid);
        } else if (!apply(mode, e.flags(), flags).equals(e.flags())) {
          changed.add(uid);
        }
      }
      if (!changed.isEmpty()) {
        f.modSeq++;
        for (long uid : changed) {
          MessageEntry e = f.messages.get(uid);
          f.messages.put(uid, new MessageEntry(uid, e.blobId(), e.size(), e.internalDate(),
              apply(mode, e.flags(), flags), f.modSeq));
        }
        changed(f.id);
      }
      List<MessageFlags> result = new ArrayList<>();
      for (long uid : uids) {
        MessageEntry e = f.messages.get(uid);
        if (e != null && !failed.contains(uid)) {
          result.add(new MessageFlags(uid, e.flags(), e.modSeq()));
        }
      }
      return new StoreResult(result, failed, f.modSeq);
    });
  }

  private static SortedSet<String> apply(FlagMode mode, SortedSet<String> current, SortedSet<String> given) {
    TreeSet<String> out = new TreeSet<>(mode == FlagMode.REPLACE ? given : current);
    if (mode == FlagMode.ADD) {
      out.addAll(given);
    } else if (mode == FlagMode.REMOVE) {
      out.removeAll(given);
    }
    return out;
  }

  @Override
  public CompletionStage<Expunged> expunge(String folderId, SortedSet<Long> uids) {
    return answer(() -> expungeNow(live(folderId), uids, true));
  }

  private Expunged expungeNow(FakeFolder f, SortedSet<Long> uids, boolean onlyDeleted) {
    List<Long> gone = new ArrayList<>();
    for (MessageEntry e : List.copyOf(f.messages.values())) {
      if ((uids.isEmpty() || uids.contains(e.uid())) && (!onlyDeleted || e.isDeleted())) {
        gone.add(e.uid());
      }
    }
    if (!gone.isEmpty()) {
      f.modSeq++;
      for (long uid : gone) {
        f.messages.remove(uid);
        f.expunged.put(uid, f.modSeq);
      }
      changed(f.id);
    }
    return new Expunged(gone, f.modSeq);
  }

  @Override
  public CompletionStage<CopyResult> copy(String fromFolderId, String toFolderId, List<Long> uids) {
    return answer(() -> transfer(fromFolderId, toFolderId, uids, false));
  }

  @Override
  public CompletionStage<CopyResult> move(String fromFolderId, String toFolderId, List<Long> uids) {
    return answer(() -> transfer(fromFolderId, toFolderId, uids, true));
  }

  private CopyResult transfer(String fromId, String toId, List<Long> uids, boolean move) {
    FakeFolder from = live(fromId);
    FakeFolder to = live(toId);
    List<CopyResult.Copied> copied = new ArrayList<>();
    for (long uid : uids) {
      MessageEntry e = from.messages.get(uid);
      if (e != null) {
        copied.add(new CopyResult.Copied(uid, append(to, e.blobId(), e.flags(), e.internalDate())));
      }
    }
    if (move && !copied.isEmpty()) {
      expungeNow(from, new TreeSet<>(copied.stream().map(CopyResult.Copied::sourceUid).toList()), false);
    }
    return new CopyResult(from.uidValidity, to.uidValidity, copied);
  }

  @Override
  public CompletionStage<Quota> quota(String account) {
    return usage.of(account);
  }

  @Override
  public AppendUpload append(String folderId, SortedSet<String> flags, Instant internalDate) {
    ByteStringBuilder bytes = new ByteStringBuilder();
    return new AppendUpload() {
      @Override
      public CompletionStage<Void> offer(ByteString chunk) {
        bytes.append(chunk);
        return CompletableFuture.completedStage(null);
      }

      @Override
      public CompletionStage<AppendResult> commit() {
        return answer(() -> {
          FakeFolder f = live(folderId);
          long uid = append(f, store(bytes.result()), flags, internalDate);
          return new AppendResult(uid, f.uidValidity, false);
        });
      }

      @Override
      public void abort() {}
    };
  }

  @Override
  public Watch watch(String folderId, Runnable onChange) {
    watchers.computeIfAbsent(folderId, k -> new CopyOnWriteArrayList<>()).add(onChange);
    return () -> watchers.getOrDefault(folderId, List.of()).remove(onChange);
  }
}
