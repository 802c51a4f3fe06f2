package io.mailcluster.pop3.transport;

import io.mailcluster.control.Rejection;
import io.mailcluster.login.LoginNotRecordedException;
import io.mailcluster.pop3.session.Maildrop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** An in-memory {@link Pop3Backend}: accounts, INBOXes, a lock table, and what was done. */
final class FakeBackend implements Pop3Backend {

  static final long UID_VALIDITY = 1700000000L;

  final Map<String, String> passwords = new ConcurrentHashMap<>();
  /** account -> sizes of its INBOX messages; uid n is index n - 1. */
  final Map<String, List<Long>> inboxes = new ConcurrentHashMap<>();
  final Map<String, ByteString> blobs = new ConcurrentHashMap<>();
  /** account -> session holding its maildrop. */
  final Map<String, String> locks = new ConcurrentHashMap<>();
  final Map<String, SortedSet<Long>> expunged = new ConcurrentHashMap<>();
  final List<String> released = new CopyOnWriteArrayList<>();
  boolean failOpen;
  boolean failCommit;
  boolean failLogin;
  /** A right password fails as a login that could not be recorded. */
  boolean loginNotRecorded;
  /** Each authenticate call, as "user from client-address", in order. */
  final List<String> logins = new CopyOnWriteArrayList<>();
  /** Accounts open() was called for, in order. */
  final List<String> openRequests = new CopyOnWriteArrayList<>();
  /** When set, open() takes the lock only once this completes (a slow Cassandra). */
  volatile CompletableFuture<Void> openGate;

  void account(String address, String password) {
    passwords.put(address, password);
    inboxes.put(address, new ArrayList<>());
  }

  /** Appends a message to an INBOX; uids count from 1. */
  void deliver(String address, String content) {
    List<Long> inbox = inboxes.get(address);
    blobs.put(address + "#" + (inbox.size() + 1), ByteString.fromString(content));
    inbox.add((long) content.length());
  }

  /** Many messages of one size without bodies (listings only: RETR of them fails). */
  void deliverSizesOnly(String address, int count, long size) {
    for (int i = 0; i < count; i++) {
      inboxes.get(address).add(size);
    }
  }

  @Override
  public CompletionStage<Optional<String>> authenticate(
      String user, String password, String clientAddress) {
    logins.add(user + " from " + clientAddress);
    if (failLogin) {
      return CompletableFuture.failedFuture(new IllegalStateException("cassandra down"));
    }
    String canonical = user.toLowerCase();
    if (loginNotRecorded && password.equals(passwords.get(canonical))) {
      // as PasswordLogin fails when the entity refuses the record (here: gone meanwhile)
      return CompletableFuture.failedFuture(new LoginNotRecordedException(canonical, "pop3",
          clientAddress, Rejection.notFound("account " + canonical + " does not exist")));
    }
    return CompletableFuture.completedFuture(
        password.equals(passwords.get(canonical)) ? Optional.of(canonical) : Optional.empty());
  }

  @Override
  public CompletionStage<Optional<Maildrop>> open(String account, String sessionId) {
    openRequests.add(account);
    CompletableFuture<Void> gate = openGate;
    if (gate != null) {
      return gate.thenCompose(open -> openNow(account, sessionId));
    }
    return openNow(account, sessionId);
  }

  private CompletionStage<Optional<Maildrop>> openNow(String account, String sessionId) {
    if (failOpen) {
      return CompletableFuture.failedFuture(new IllegalStateException("cassandra down"));
    }
    if (locks.putIfAbsent(account, sessionId) != null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    List<Long> sizes = inboxes.get(account);
    long[] uids = LongStream.rangeClosed(1, sizes.size()).toArray();
    return CompletableFuture.completedFuture(Optional.of(new Maildrop(account, "inbox-of-" + account,
        UID_VALIDITY, uids, sizes.stream().mapToLong(Long::longValue).toArray())));
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
  public CompletionStage<Source<ByteString, NotUsed>> message(Maildrop maildrop, long uid) {
    ByteString content = blobs.get(maildrop.account() + "#" + uid);
    if (content == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("no message " + uid));
    }
    // in small pieces, so dot-stuffing and TOP meet chunk borders
    List<ByteString> pieces = new ArrayList<>();
    for (int i = 0; i < content.size(); i += 7) {
      pieces.add(content.slice(i, Math.min(content.size(), i + 7)));
    }
    return CompletableFuture.completedFuture(Source.from(pieces));
  }
}
