package io.mailcluster.projections.directory;

import io.mailcluster.control.Account;
import io.mailcluster.control.Domain;
import io.mailcluster.projections.EventSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Domain events keep the list of domains and each entry's kind and target; Account events keep
 * the account's quota. Every write sets or clears values (no counters), so an event handled again
 * changes nothing.
 */
final class DirectoryHandler extends Handler<EventEnvelope<Object>> {

  private static final CompletionStage<Done> DONE =
      CompletableFuture.completedFuture(Done.getInstance());

  private final DirectoryTable table;

  DirectoryHandler(DirectoryTable table) {
    this.table = table;
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<Object> envelope) {
    EventSource source = EventSource.of(envelope.persistenceId());
    if (source.entityType().equals(Domain.ENTITY_TYPE_KEY.name())) {
      return domainEvent(source.entityId(), envelope.event());
    }
    if (source.entityType().equals(Account.ENTITY_TYPE_KEY.name())) {
      return accountEvent(source.entityId(), envelope.event());
    }
    return DONE;
  }

  private CompletionStage<Done> domainEvent(String domain, Object event) {
    if (event instanceof Domain.DomainCreated) {
      return table.domainAdded(domain);
    }
    if (event instanceof Domain.DomainRemoved) {
      return table.domainRemoved(domain);
    }
    if (event instanceof Domain.AccountReserved reserved) {
      return table.entrySet(domain, reserved.localPart(), DirectoryEntry.ACCOUNT, null);
    }
    if (event instanceof Domain.AliasAdded alias) {
      return table.entrySet(domain, alias.localPart(), DirectoryEntry.ALIAS, alias.target());
    }
    if (event instanceof Domain.AccountReleased released) {
      return table.entryCleared(domain, released.localPart());
    }
    if (event instanceof Domain.AliasRemoved removed) {
      return table.entryCleared(domain, removed.localPart());
    }
    return DONE;
  }

  private CompletionStage<Done> accountEvent(String address, Object event) {
    int at = address.lastIndexOf('@');
    String localPart = address.substring(0, at);
    String domain = address.substring(at + 1);
    if (event instanceof Account.AccountCreated created) {
      return table.quotaSet(domain, localPart, created.quotaBytes());
    }
    if (event instanceof Account.QuotaChanged changed) {
      return table.quotaSet(domain, localPart, changed.quotaBytes());
    }
    if (event instanceof Account.AccountRemoved) {
      return table.quotaCleared(domain, localPart);
    }
    return DONE;
  }
}
