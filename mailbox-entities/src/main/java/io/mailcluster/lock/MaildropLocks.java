package io.mailcluster.lock;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.mailcluster.storage.PreparedStatements;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Cluster-wide exclusive locks on POP3 maildrops (RFC 1939 section 8: one session per
 * maildrop), as leases in Cassandra. Every operation is a lightweight transaction
 * (compare-and-set through Paxos), so two nodes can never both win the same lock, and every
 * write carries the lease as TTL, so a lock whose holder crashed expires by itself within one
 * lease. The holder renews well before that; a holder that cannot renew in time must stop
 * using the maildrop (see {@link #renew}).
 *
 * <p>Why not an entity: a sharded entity's in-memory lock is lost when its node crashes, and
 * persisting every renewal would fill the journal; the lease row needs neither.
 */
public final class MaildropLocks {

  private final CqlSession session;
  private final LockSettings settings;
  private final PreparedStatement acquire;
  private final PreparedStatement renew;
  private final PreparedStatement release;

  private MaildropLocks(CqlSession session, LockSettings settings, List<PreparedStatement> statements) {
    this.session = session;
    this.settings = settings;
    this.acquire = statements.get(0);
    this.renew = statements.get(1);
    this.release = statements.get(2);
  }

  public static CompletionStage<MaildropLocks> create(
      CqlSession session, String keyspace, LockSettings settings) {
    List<String> cql = List.of(
        "INSERT INTO " + keyspace + ".maildrop_locks (account, session, acquired_at)"
            + " VALUES (?, ?, ?) IF NOT EXISTS USING TTL ?",
        "UPDATE " + keyspace + ".maildrop_locks USING TTL ? SET session = ?"
            + " WHERE account = ? IF session = ?",
        "DELETE FROM " + keyspace + ".maildrop_locks WHERE account = ? IF session = ?");
    return PreparedStatements.prepareAll(session, cql).thenApply(list -> new MaildropLocks(session, settings, list));
  }

  public LockSettings settings() {
    return settings;
  }

  /** True when {@code holder} now holds the account's maildrop; false when another does. */
  public CompletionStage<Boolean> acquire(String account, String holder) {
    return applied(acquire.bind(account, holder, Instant.now(), leaseSeconds()));
  }

  /**
   * Extends the lease; false when {@code holder} no longer holds it (the lease ran out and
   * someone else, or nobody, has it now): the session must end without committing.
   */
  public CompletionStage<Boolean> renew(String account, String holder) {
    return applied(renew.bind(leaseSeconds(), holder, account, holder));
  }

  /** Gives the lock up if {@code holder} has it; completes when done either way. */
  public CompletionStage<Void> release(String account, String holder) {
    return applied(release.bind(account, holder)).thenApply(released -> null);
  }

  private int leaseSeconds() {
    return (int) Math.max(1, settings.lease().toSeconds());
  }

  private CompletionStage<Boolean> applied(BoundStatement statement) {
    return session.executeAsync(statement
            .setConsistencyLevel(DefaultConsistencyLevel.valueOf(settings.consistency()))
            .setSerialConsistencyLevel(DefaultConsistencyLevel.valueOf(settings.serialConsistency())))
        .thenApply(AsyncResultSet::wasApplied);
  }
}
