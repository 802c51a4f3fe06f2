package io.mailcluster.pop3.transport;

import io.mailcluster.pop3.session.Maildrop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** An in-memory {@link Pop3Backend}: accounts, INBOXes, a lock table, and what was done. */
final class FakeBackend implements Pop3Backend {

  static final long UID_VALIDITY = 1700000000L;

  final Map<String, String> passwords = new ConcurrentHashMap<>();
  final Map<String, List<Maildrop.Message>> inboxes = new ConcurrentHashMap<>();
  final Map<String, ByteString> blobs = new ConcurrentHashMap<>();
  /** account -> session holding its maildrop. */
  final Map<String, String> locks = new ConcurrentHashMap<>();
  final Map<String, SortedSet<Long>> expunged = new ConcurrentHashMap<>();
  final List<String> released = new ArrayList<>();
  boolean failOpen;
  boolean failCommit;
  boolean failLogin;

  void account(String address, String password) {
    passwords.put(address, password);
    inboxes.put(address, new ArrayList<>());
  }

  /** Appends a message to an INBOX; uids count from 1. */
  void deliver(String address, String content) {
    List<Maildrop.Message> inbox = inboxes.get(address);
    long uid = inbox.size() + 1;
    String blobId = address + "#" + uid;
    blobs.put(blobId, ByteString.fromString(content));
    inbox.add(new Maildrop.Message(uid, content.length(), blobId));
  }

  @Override
  public CompletionStage<Optional<String>> authenticate(String user, String password) {
    if (failLogin) {
      return CompletableFuture.failedFuture(new IllegalStateException("cassandra down"));
    }
    String canonical = user.toLowerCase();
    return CompletableFuture.completedFuture(
        password.equals(passwords.get(canonical)) ? Optional.of(canonical) : Optional.empty());
  }

  @Override
  public CompletionStage<Optional<Maildrop>> open(String account, String sessionId) {
    if (failOpen) {
      return CompletableFuture.failedFuture(new IllegalStateException("cassandra down"));
    }
    if (locks.putIfAbsent(account, sessionId) != null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return CompletableFuture.completedFuture(Optional.of(
        new Maildrop(account, "inbox-of-" + account, UID_VALIDITY, inboxes.get(account))));
  }

  @Override
  public CompletionStage<Void> commit(Maildrop maildrop, SortedSet<Long> uids, String sessionId) {
    if (failCommit) {
      return CompletableFuture.failedFuture(new IllegalStateException("cassandra down"));
    }
    expunged.computeIfAbsent(maildrop.account(), a -> new TreeSet<>()).addAll(uids);
    release(maildrop.account(), sessionId);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized void release(String account, String sessionId) {
    if (locks.remove(account, sessionId)) {
      released.add(account);
    }
  }

  @Override
  public Source<ByteString, NotUsed> message(String blobId) {
    ByteString content = blobs.get(blobId);
    // in small pieces, so dot-stuffing and TOP meet chunk borders
    List<ByteString> pieces = new ArrayList<>();
    for (int i = 0; i < content.size(); i += 7) {
      pieces.add(content.slice(i, Math.min(content.size(), i + 7)));
    }
    return Source.from(pieces);
  }

  Map<String, String> snapshotLocks() {
    return new LinkedHashMap<>(locks);
  }
}
