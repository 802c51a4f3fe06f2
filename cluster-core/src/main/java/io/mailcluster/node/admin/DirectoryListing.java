package io.mailcluster.node.admin;

import io.mailcluster.control.DomainName;
import io.mailcluster.projections.ReadSide;
import io.mailcluster.projections.directory.DirectoryEntry;
import io.mailcluster.projections.usage.FolderUsage;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/** A domain's accounts with quota and usage, and its aliases, from the read models. */
final class DirectoryListing {

  /** Accounts whose usage is read at once. */
  private static final int USAGE_READS = 8;

  record AccountLine(String address, Long quotaBytes, long messages, long bytes) {}

  record AliasLine(String address, String target) {}

  record DomainListing(String domain, List<AccountLine> accounts, List<AliasLine> aliases) {}

  private final Materializer materializer;

  DirectoryListing(ActorSystem<?> system) {
    this.materializer = Materializer.matFromSystem(system);
  }

  CompletionStage<DomainListing> domain(ReadSide readSide, String domain) {
    String name = DomainName.parse(domain).name();
    return readSide.directory().entries(name).thenCompose(entries -> Source.from(entries)
        .filter(e -> e.kind().equals(DirectoryEntry.ACCOUNT))
        .mapAsync(USAGE_READS, e -> readSide.usage().account(e.address())
            .thenApply(folders -> new AccountLine(e.address(), e.quotaBytes(),
                folders.stream().mapToLong(FolderUsage::messages).sum(),
                folders.stream().mapToLong(FolderUsage::bytes).sum())))
        .runWith(Sink.seq(), materializer)
        .thenApply(accounts -> new DomainListing(name, accounts, entries.stream()
            .filter(e -> e.kind().equals(DirectoryEntry.ALIAS))
            .map(e -> new AliasLine(e.address(), e.target())).toList())));
  }
}
