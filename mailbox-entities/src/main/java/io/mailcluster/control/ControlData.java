package io.mailcluster.control;

import static io.mailcluster.control.Rejection.Kind.CONFLICT;
import static io.mailcluster.control.Rejection.Kind.NOT_FOUND;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;

/**
 * The application service over the control entities, for the admin HTTP API and the protocols.
 * It reaches the entities only through sharding ({@code askWithStatus}); every method returns a
 * stage that fails with a {@link Rejection} (INVALID for bad input) or an ask timeout.
 *
 * <p>Ordering: a call that touches several entities runs its steps in a fixed order, and every
 * step is idempotent, so retrying a call that failed half-way (timeout, crash) completes it.
 * The {@link Domain} is the source of truth that SMTP resolves recipients against: additions
 * reach it first and the back-references (directory listing, the account's alias list) after;
 * removals take the back-references away first and the Domain entry last, so what drives the
 * retry is still there. Where a step reports that its work is already done or already undone
 * (create: CONFLICT, remove: NOT_FOUND), the follow-up step still runs to repair what a
 * half-done call left, and the original outcome is reported.
 */
public final class ControlData {

  /** Config path of the dispatcher that hashes and verifies passwords. */
  public static final String HASHING_DISPATCHER = "mail-cluster.password-hashing-dispatcher";

  private final ClusterSharding sharding;
  private final Duration askTimeout;
  private final PasswordSettings passwords;
  private final PasswordHasher hasher;
  private final Executor hashing;

  public ControlData(ActorSystem<?> system) {
    Config config = system.settings().config();
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = ControlSettings.fromConfig(config).askTimeout();
    this.passwords = PasswordSettings.fromConfig(config);
    this.hasher = new PasswordHasher(passwords);
    this.hashing = system.dispatchers().lookup(DispatcherSelector.fromConfig(HASHING_DISPATCHER));
  }

  /** Starts sharding of {@link Domain}, {@link Account} and {@link DomainDirectory} here. */
  public static void initEntities(ActorSystem<?> system) {
    Domain.init(system);
    Account.init(system);
    DomainDirectory.init(system);
  }

  // ---- domains ----

  public CompletionStage<Done> createDomain(String domain) {
    return validated(() -> DomainName.parse(domain))
        .thenCompose(name -> alsoOn(CONFLICT, askDomain(name, Domain.Create::new),
            () -> askDirectory(r -> new DomainDirectory.Add(name.name(), r))));
  }

  public CompletionStage<Done> removeDomain(String domain) {
    return validated(() -> DomainName.parse(domain))
        .thenCompose(name -> alsoOn(NOT_FOUND, askDomain(name, Domain.Remove::new),
            () -> askDirectory(r -> new DomainDirectory.Remove(name.name(), r))));
  }

  /** Every domain name, sorted. */
  public CompletionStage<List<String>> listDomains() {
    return askDirectory(DomainDirectory.List::new).thenApply(DomainList::domains);
  }

  public CompletionStage<DomainSummary> getDomain(String domain) {
    return validated(() -> DomainName.parse(domain))
        .thenCompose(name -> askDomain(name, Domain.Get::new));
  }

  // ---- accounts ----

  /** Creates the account; {@code quotaBytes} 0 means unlimited. Completes with Done. */
  public CompletionStage<Done> createAccount(String address, String password, long quotaBytes) {
    return validated(() -> withPolicy(MailAddress.parse(address), password, quotaBytes))
        .thenCompose(a -> hashed(password).thenCompose(hash -> createAccount(a, hash, quotaBytes)));
  }

  /** Removes the account's aliases, the account, and its reservation in the domain. */
  public CompletionStage<Done> removeAccount(String address) {
    return validated(() -> MailAddress.parse(address))
        .thenCompose(a -> askAccount(a.address(), Account.Get::new)
            .exceptionallyCompose(e -> Rejection.kindOf(e) == NOT_FOUND
                ? releaseAccount(a).thenCompose(done -> failed(e))
                : failed(e))
            .thenCompose(summary -> removeAliasEntries(summary.aliases()))
            .thenCompose(done -> askAccount(a.address(), Account.Remove::new))
            .thenCompose(done -> releaseAccount(a)));
  }

  public CompletionStage<AccountSummary> getAccount(String address) {
    return validated(() -> MailAddress.parse(address))
        .thenCompose(a -> askAccount(a.address(), Account.Get::new));
  }

  /** The domain's account addresses, sorted. */
  public CompletionStage<List<String>> listAccounts(String domain) {
    return getDomain(domain).thenApply(DomainSummary::accounts);
  }

  public CompletionStage<Done> changePassword(String address, String password) {
    return validated(() -> withPolicy(MailAddress.parse(address), password, 0))
        .thenCompose(a -> hashed(password)
            .thenCompose(hash ->
                askAccount(a.address(), r -> new Account.ChangePassword(hash, r))));
  }

  /** Sets the quota; 0 means unlimited. */
  public CompletionStage<Done> setQuota(String address, long quotaBytes) {
    return validated(() -> withPolicy(MailAddress.parse(address), null, quotaBytes))
        .thenCompose(a -> askAccount(a.address(), r -> new Account.SetQuota(quotaBytes, r)));
  }

  /**
   * Whether the password is the account's. False for an unknown account or an address that does
   * not parse (after the same hashing work, so timing does not tell which) and for a password
   * longer than the policy allows; fails only when the entities cannot be reached.
   */
  public CompletionStage<Boolean> verifyPassword(String address, String password) {
    if (password == null || password.codePointCount(0, password.length()) > passwords.maxLength()) {
      return CompletableFuture.completedStage(false);
    }
    MailAddress a;
    try {
      a = MailAddress.parse(address);
    } catch (Rejection invalid) {
      return onHashing(() -> decoy(password));
    }
    return askAccount(a.address(), Account.GetCredentials::new)
        .thenCompose(c -> onHashing(() -> hasher.verify(password, c.passwordHash())))
        .exceptionallyCompose(e -> Rejection.kindOf(e) == NOT_FOUND
            ? onHashing(() -> decoy(password))
            : failed(e));
  }

  // ---- aliases ----

  /** Makes {@code alias} (in one of our domains) deliver to the existing account {@code target}. */
  public CompletionStage<Done> addAlias(String alias, String target) {
    return validated(() -> MailAddress.parse(alias))
        .thenCompose(a -> validated(() -> MailAddress.parse(target))
            .thenCompose(t -> addAlias(a, t)));
  }

  /** Removes the alias from its domain and from its target account's alias list. */
  public CompletionStage<Done> removeAlias(String alias) {
    return validated(() -> MailAddress.parse(alias)).thenCompose(this::removeAlias);
  }

  private CompletionStage<Done> addAlias(MailAddress alias, MailAddress target) {
    CompletionStage<AccountSummary> existing = askAccount(target.address(), Account.Get::new);
    CompletionStage<Done> added = existing
        .exceptionallyCompose(e -> Rejection.kindOf(e) == NOT_FOUND
            ? failed(Rejection.notFound("target account " + target + " does not exist"))
            : failed(e))
        .thenCompose(summary -> askDomain(alias.domain(),
            r -> new Domain.AddAlias(alias.localPart(), target.address(), r)));
    return added.thenCompose(done -> askAccount(target.address(),
        r -> new Account.AttachAlias(alias.address(), r)));
  }

  private CompletionStage<Done> removeAlias(MailAddress alias) {
    CompletionStage<Resolution> resolved =
        askDomain(alias.domain(), r -> new Domain.Resolve(alias.localPart(), r));
    CompletionStage<Done> detached = resolved
        .thenCompose(resolution -> resolution.kind() == Resolution.Kind.ALIAS
            ? CompletableFuture.completedStage(resolution.address())
            : failed(Rejection.notFound("alias " + alias + " does not exist")))
        .thenCompose(target -> tolerating(NOT_FOUND,
            askAccount(target, r -> new Account.DetachAlias(alias.address(), r))));
    return detached.thenCompose(done -> askDomain(alias.domain(),
        r -> new Domain.RemoveAlias(alias.localPart(), r)));
  }

  // ---- steps ----

  private CompletionStage<Done> createAccount(MailAddress a, String hash, long quotaBytes) {
    CompletionStage<Done> reserved =
        askDomain(a.domain(), r -> new Domain.ReserveAccount(a.localPart(), r));
    return reserved.thenCompose(done ->
        askAccount(a.address(), r -> new Account.Create(hash, quotaBytes, r)));
  }

  private CompletionStage<Done> releaseAccount(MailAddress a) {
    return askDomain(a.domain(), r -> new Domain.ReleaseAccount(a.localPart(), r));
  }

  /** Removes each alias from its domain, one after the other; an alias already gone is fine. */
  private CompletionStage<Done> removeAliasEntries(List<String> aliases) {
    CompletionStage<Done> chain = CompletableFuture.completedStage(Done.getInstance());
    for (String alias : aliases) {
      chain = chain.thenCompose(done -> validated(() -> MailAddress.parse(alias))
          .thenCompose(a -> tolerating(NOT_FOUND,
              askDomain(a.domain(), r -> new Domain.RemoveAlias(a.localPart(), r)))));
    }
    return chain;
  }

  private MailAddress withPolicy(MailAddress address, String password, long quotaBytes) {
    if (password != null) {
      passwords.checkPolicy(password);
    }
    if (quotaBytes < 0) {
      throw Rejection.invalid("quota must not be negative (0 means unlimited)");
    }
    return address;
  }

  private CompletionStage<String> hashed(String password) {
    return onHashing(() -> hasher.hash(password));
  }

  /** Spends the time a real verification would, then says no. */
  private boolean decoy(String password) {
    hasher.hash(password);
    return false;
  }

  private <T> CompletionStage<T> onHashing(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, hashing);
  }

  // ---- asking the entities ----

  private <T> CompletionStage<T> askDomain(
      DomainName domain, Function<ActorRef<StatusReply<T>>, Domain.Command> command) {
    return sharding.entityRefFor(Domain.ENTITY_TYPE_KEY, domain.name())
        .askWithStatus(command::apply, askTimeout);
  }

  private <T> CompletionStage<T> askAccount(
      String address, Function<ActorRef<StatusReply<T>>, Account.Command> command) {
    return sharding.entityRefFor(Account.ENTITY_TYPE_KEY, address)
        .askWithStatus(command::apply, askTimeout);
  }

  private <T> CompletionStage<T> askDirectory(
      Function<ActorRef<StatusReply<T>>, DomainDirectory.Command> command) {
    return sharding.entityRefFor(DomainDirectory.ENTITY_TYPE_KEY, DomainDirectory.ENTITY_ID)
        .askWithStatus(command::apply, askTimeout);
  }

  // ---- stage helpers ----

  /** A completed stage with the parsed value, or a failed one with the parser's Rejection. */
  private static <T> CompletionStage<T> validated(Supplier<T> parse) {
    try {
      return CompletableFuture.completedStage(parse.get());
    } catch (Rejection rejection) {
      return CompletableFuture.failedStage(rejection);
    }
  }

  /**
   * Runs {@code next} after {@code first} succeeded or failed with {@code kind}; then reports
   * {@code first}'s outcome (or {@code next}'s failure).
   */
  private static <T> CompletionStage<T> alsoOn(
      Rejection.Kind kind, CompletionStage<T> first, Supplier<CompletionStage<Done>> next) {
    return first
        .handle((value, error) -> error == null || Rejection.kindOf(error) == kind
            ? next.get().thenCompose(done -> outcome(value, error))
            : ControlData.<T>failed(error))
        .thenCompose(Function.identity());
  }

  /** Treats a failure of {@code kind} as success. */
  private static CompletionStage<Done> tolerating(
      Rejection.Kind kind, CompletionStage<Done> stage) {
    return stage.exceptionallyCompose(e -> Rejection.kindOf(e) == kind
        ? CompletableFuture.completedStage(Done.getInstance())
        : failed(e));
  }

  private static <T> CompletionStage<T> outcome(T value, Throwable error) {
    return error == null ? CompletableFuture.completedStage(value) : failed(error);
  }

  private static <T> CompletionStage<T> failed(Throwable error) {
    return CompletableFuture.failedStage(Rejection.unwrap(error));
  }
}
