package io.mailcluster.control;

import static io.mailcluster.control.Rejection.Kind.CONFLICT;
import static io.mailcluster.control.Rejection.Kind.NOT_FOUND;

import com.typesafe.config.Config;
import io.mailcluster.mailbox.Folder;
import io.mailcluster.mailbox.FolderStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
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
 * <p>A call that touches several entities runs its steps in a fixed order and every step is
 * idempotent, so retrying a call that failed half-way (timeout, crash) completes it. The {@link
 * Domain} is the source of truth that SMTP resolves recipients against.
 *
 * <p><b>Domains</b> are created in their entity first and listed in the {@link DomainDirectory}
 * after; removed from their entity first and unlisted after. Where the first step reports its
 * work already done (create: CONFLICT) or undone (remove: NOT_FOUND), the listing is still
 * repaired and that outcome reported.
 *
 * <p><b>Accounts.</b> The {@link Account} entity orders everything that happens to one address,
 * and its Closing state fences a removal: a closing account takes no alias, no change, no login
 * and cannot be created again until the removal completes. The domain's reservation is the one
 * thing the account cannot fence, so every release is paired with a later look at the account.
 *
 * <p><b>Folders.</b> The account holds its folder tree (name -> opaque folder id); each folder is
 * a {@link Folder} entity owned by the account. Folder ids are fresh random UUIDs, so the folders
 * of a removed account and those of a later account with the same address never meet. Creating
 * the folders ("ensure folders"): ask the account for its tree, adding any missing default
 * folder ({@link Account.EnsureFolders}, active accounts only), create each Folder entity
 * (idempotent: a folder that exists with the same owner and name counts as created), then look at
 * the account again. If it is no longer active with those folders (a removal closed it
 * meanwhile, and may have deleted the folders before we created them), the folders just created
 * are deleted again and the look's rejection reported. Either that look or the removal's
 * deletion comes after our Folder.Create, so no folder outlives its account.
 *
 * <ul>
 *   <li>createAccount: reserve the local part in the domain, create the account (with its tree),
 *       ensure folders, reserve again. Reserving is idempotent, so a create may ride on a
 *       reservation a removal is about to release; the second reserve comes after the account
 *       exists and restores it. When the account already exists (CONFLICT), its folders are still
 *       ensured, so a retry completes a create that stopped before its Folder entities existed
 *       (and repairs an account from before folder trees); then the CONFLICT is reported as
 *       before (or the repair's failure, if it failed other than by a rejection).
 *   <li>removeAccount: close the account (idempotent: a retry carries on a half-done removal,
 *       which always leaves the account closing), delete its Folder entities (the closing
 *       account still answers its tree; an already deleted folder counts as done), remove each of
 *       its aliases from its domain (only while it still points here), release the reservation,
 *       remove the account. Folders go first so a removed user's mail stops being reachable at
 *       once, and before the account forgets their ids: Remove comes last. The
 *       release comes before the Remove, while no create can succeed: after it, a create could
 *       already be riding on the reservation. Should Remove find the account active (a concurrent
 *       removal completed, then a create came, all between our release and our Remove), we
 *       reserve again.
 *   <li>removeAccount of an absent account (NOT_FOUND) still releases a reservation left by a
 *       removal or create that stopped half-way, then looks again: if the account exists now, a
 *       create won the race and the reservation is restored. Either that look or the create's
 *       second reserve comes after the release, so no concurrent create loses its reservation.
 *   <li>addAlias: the domain entry first, then the account's back-reference. The account refuses
 *       it while absent or closing; then the domain entry is taken back (a closing account's
 *       removal only knows the aliases it had when it closed), and the rejection reported.
 *   <li>removeAlias: the back-reference first and the domain entry last, so what drives a retry
 *       is still there.
 * </ul>
 *
 * <p>A create that loses a race with a removal (CONFLICT "is being removed") may leave a
 * reservation without an account; so may a failure mid-way. Retrying either call repairs it.
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

  /**
   * Starts sharding of {@link Domain}, {@link Account}, {@link DomainDirectory} and {@link Folder}
   * here.
   */
  public static void initEntities(ActorSystem<?> system) {
    Domain.init(system);
    Account.init(system);
    DomainDirectory.init(system);
    Folder.init(system);
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

  /**
   * Closes the account, then removes its aliases, its reservation in the domain and the account.
   * Also completes a removal that stopped half-way (the account is left closing).
   */
  public CompletionStage<Done> removeAccount(String address) {
    return validated(() -> MailAddress.parse(address)).thenCompose(this::removeAccount);
  }

  public CompletionStage<AccountSummary> getAccount(String address) {
    return validated(() -> MailAddress.parse(address))
        .thenCompose(a -> askAccount(a.address(), Account.Get::new));
  }

  /** The account's folder tree. NOT_FOUND for an unknown account, CONFLICT while it is removed. */
  public CompletionStage<FolderTree> folders(String address) {
    return validated(() -> MailAddress.parse(address))
        .thenCompose(a -> askAccount(a.address(), Account.GetFolders::new));
  }

  /**
   * Adds the default folders the account's tree lacks and makes sure every folder of the tree
   * exists as a Folder entity; answers the tree. Repairs accounts created before folder trees.
   */
  public CompletionStage<FolderTree> ensureFolders(String address) {
    return validated(() -> MailAddress.parse(address)).thenCompose(this::ensureFolders);
  }

  /**
   * The folder id of the account's INBOX, for delivery. NOT_FOUND for an unknown account,
   * CONFLICT while it is being removed. An account without an INBOX in its tree (created before
   * folder trees existed) gets its default folders first.
   */
  public CompletionStage<String> inbox(String address) {
    return validated(() -> MailAddress.parse(address))
        .thenCompose(a -> this.<FolderTree>askAccount(a.address(), Account.GetFolders::new)
            .thenCompose(tree -> tree.folder(FolderRef.INBOX).isPresent()
                ? CompletableFuture.completedStage(tree)
                : ensureFolders(a))
            .thenCompose(tree -> tree.folder(FolderRef.INBOX)
                .map(ref -> CompletableFuture.completedStage(ref.folderId()))
                .orElseGet(() -> failed(Rejection.notFound("account " + a + " has no INBOX")))));
  }

  /**
   * Creates the folder {@code name} and its missing parents (IMAP CREATE); answers the tree.
   * INVALID for a bad name or special use, or beyond the account's limits ({@code
   * mail-cluster.accounts}); CONFLICT if the name exists. Steps: the account adds the names (with
   * fresh folder ids), the Folder entities are created, then the account is looked at again (as
   * for ensureFolders). A retry of a create that stopped before its Folder entities existed gets
   * CONFLICT and creates them on the way.
   *
   * @param specialUse null or one of {@link FolderRef}'s special uses
   */
  public CompletionStage<FolderTree> createFolder(String address, String name, String specialUse) {
    return validated(() -> MailAddress.parse(address))
        .thenCompose(a -> completingOnRejection(a,
            askAccount(a.address(), r -> new Account.CreateFolder(name, specialUse, r)),
            tree -> lineageOf(tree, FolderNames.canonical(name))));
  }

  /**
   * Deletes the folder (IMAP DELETE) and its messages; answers the tree. NOT_FOUND if unknown,
   * INVALID for INBOX, CONFLICT if it has children (delete them first). Steps: the tree is read
   * and the delete checked, the Folder entity deleted, then the name removed from the tree (only
   * while it still stands for that folder). A retry after a failure between the last two finds
   * the folder already deleted and removes the name.
   */
  public CompletionStage<FolderTree> deleteFolder(String address, String name) {
    return validated(() -> MailAddress.parse(address))
        .thenCompose(a -> this.<FolderTree>askAccount(a.address(), Account.GetFolders::new)
            .thenCompose(tree -> validated(() -> FolderTreeEdits.deletable(byName(tree), name)))
            .thenCompose(ref -> tolerating(NOT_FOUND, askFolder(ref.folderId(), Folder.Delete::new))
                .thenCompose(done -> askAccount(a.address(),
                    r -> new Account.DeleteFolder(ref.name(), ref.folderId(), r)))));
  }

  /**
   * Renames a folder and those under it (IMAP RENAME), creating missing parents of the target;
   * folder ids (and so messages and history) stay with the folders. Renaming INBOX moves its
   * folder to {@code to} and gives INBOX a new, empty one. NOT_FOUND for an unknown source,
   * CONFLICT for an existing target, INVALID for a target inside the source or a bad name.
   * Steps: the account renames, then the Folder entities of the target, its parents, what moved
   * under it and INBOX are created or given their new display names, then the account is looked
   * at again. A retry after the account's step (NOT_FOUND or CONFLICT) still does the rest.
   */
  public CompletionStage<FolderTree> renameFolder(String address, String from, String to) {
    return validated(() -> MailAddress.parse(address))
        .thenCompose(a -> completingOnRejection(a,
            askAccount(a.address(), r -> new Account.RenameFolder(from, to, r)),
            tree -> renamedOf(tree, FolderNames.canonical(to))));
  }

  /**
   * Subscribes or unsubscribes the folder (IMAP SUBSCRIBE / UNSUBSCRIBE); answers the tree.
   * NOT_FOUND for a name the tree does not have: subscriptions are kept only for existing
   * folders (RFC 9051 allows a server to refuse those), and a deleted or renamed folder's
   * subscription goes or moves with it.
   */
  public CompletionStage<FolderTree> setSubscribed(
      String address, String name, boolean subscribed) {
    return validated(() -> MailAddress.parse(address))
        .thenCompose(a -> askAccount(a.address(),
            r -> new Account.SetSubscribed(name, subscribed, r)));
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
    // NOT_FOUND: no such account; CONFLICT: it is being removed
    return askAccount(a.address(), Account.GetCredentials::new)
        .thenCompose(c -> onHashing(() -> hasher.verify(password, c.passwordHash())))
        .exceptionallyCompose(e -> Rejection.kindOf(e) == NOT_FOUND
                || Rejection.kindOf(e) == CONFLICT
            ? onHashing(() -> decoy(password))
            : failed(e));
  }

  /**
   * Records a password login's outcome on the account ({@link Account.RecordLogin}), for the
   * audit; completes once the event is persisted. NOT_FOUND for an unknown account, CONFLICT
   * while it is being removed, INVALID for an address that does not parse or an empty protocol
   * or client address; an ask timeout when the account (or its journal) cannot be reached.
   *
   * @param protocol e.g. "imap", "pop3"
   * @param clientAddress the client's IP address as text
   */
  public CompletionStage<Done> recordLogin(
      String address, String protocol, String clientAddress, boolean succeeded) {
    return validated(() -> MailAddress.parse(address))
        .thenCompose(a -> askAccount(a.address(),
            r -> new Account.RecordLogin(protocol, clientAddress, succeeded, r)));
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
    CompletionStage<AccountSummary> existing = askAccount(target.address(), Account.Get::new)
        .exceptionallyCompose(e -> Rejection.kindOf(e) == NOT_FOUND
            ? failed(noTarget(target))
            : failed(e));
    CompletionStage<Done> added = existing.thenCompose(summary -> askDomain(alias.domain(),
        r -> new Domain.AddAlias(alias.localPart(), target.address(), r)));
    return added.thenCompose(done -> attachAlias(alias, target));
  }

  /** The account's back-reference; if the account refuses, the domain entry is taken back. */
  private CompletionStage<Done> attachAlias(MailAddress alias, MailAddress target) {
    CompletionStage<Done> attached =
        askAccount(target.address(), r -> new Account.AttachAlias(alias.address(), r));
    return attached.exceptionallyCompose(e -> Rejection.kindOf(e) == null
        ? failed(e) // outcome unknown (timeout): a retry settles it
        : removeAliasEntry(alias, target).thenCompose(undone ->
            failed(Rejection.kindOf(e) == NOT_FOUND ? noTarget(target) : e)));
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
    return reserveAccount(a)
        .thenCompose(done -> this.<Done>askAccount(
            a.address(), r -> new Account.Create(hash, quotaBytes, r)))
        .handle((done, e) -> e == null
            ? ensureFolders(a)
            : Rejection.kindOf(e) == CONFLICT
                ? ensureFolders(a).handle((tree, repair) -> repair != null
                        && Rejection.kindOf(repair) == null
                    ? ControlData.<FolderTree>failed(repair) // outcome unknown: a retry settles it
                    : ControlData.<FolderTree>failed(e))
                    .thenCompose(Function.identity())
                : ControlData.<FolderTree>failed(e))
        .thenCompose(Function.identity())
        .thenCompose(tree -> reserveAccount(a));
  }

  /** See the class comment: tree, Folder entities, then a second look at the account. */
  private CompletionStage<FolderTree> ensureFolders(MailAddress a) {
    return this.<FolderTree>askAccount(a.address(), Account.EnsureFolders::new)
        .thenCompose(tree -> ensureFolders(a, tree, tree.folders()));
  }

  /**
   * Creates the Folder entities of {@code refs} (from {@code tree}), then looks at the account
   * again: if it is gone or closing, they are deleted and the rejection reported; those it no
   * longer has (re-created or deleted meanwhile) are deleted. Answers the account's current tree.
   */
  private CompletionStage<FolderTree> ensureFolders(
      MailAddress a, FolderTree tree, List<FolderRef> refs) {
    List<String> ids = refs.stream().map(FolderRef::folderId).toList();
    return createFolders(a, refs)
        .thenCompose(done -> this.<FolderTree>askAccount(a.address(), Account.GetFolders::new)
            .handle((now, e) -> {
              if (e != null) {
                return Rejection.kindOf(e) == null
                    ? ControlData.<FolderTree>failed(e)
                    : deleteFolders(ids).thenCompose(undone -> ControlData.<FolderTree>failed(e));
              }
              Set<String> kept = new HashSet<>(now.folderIds());
              List<String> stale = ids.stream().filter(id -> !kept.contains(id)).toList();
              // re-created meanwhile (new ids): ours belong to the removed account
              return deleteFolders(stale).thenApply(undone -> now);
            })
            .thenCompose(Function.identity()));
  }

  /**
   * After the account's step of a tree edit: on success, the Folder entities of {@code refs} of
   * the new tree are made sure of (then the account looked at again). On NOT_FOUND or CONFLICT
   * (maybe a retry of an edit that stopped after the account's step) the same is done with the
   * current tree, then the rejection reported; a failure other than a rejection of that repair
   * is reported instead (the outcome is unknown, a retry settles it).
   */
  private CompletionStage<FolderTree> completingOnRejection(MailAddress a,
      CompletionStage<FolderTree> edited, Function<FolderTree, List<FolderRef>> refs) {
    return edited
        .handle((tree, e) -> {
          if (e == null) {
            return ensureFolders(a, tree, refs.apply(tree));
          }
          Rejection.Kind kind = Rejection.kindOf(e);
          if (kind != NOT_FOUND && kind != CONFLICT) {
            return ControlData.<FolderTree>failed(e);
          }
          return this.<FolderTree>askAccount(a.address(), Account.GetFolders::new)
              .thenCompose(now -> ensureFolders(a, now, refs.apply(now)))
              .handle((repaired, repair) -> repair != null && Rejection.kindOf(repair) == null
                  ? ControlData.<FolderTree>failed(repair)
                  : ControlData.<FolderTree>failed(e))
              .thenCompose(Function.identity());
        })
        .thenCompose(Function.identity());
  }

  /** The folders of {@code name}'s lineage that the tree has. */
  private static List<FolderRef> lineageOf(FolderTree tree, String name) {
    return FolderNames.lineage(name).stream()
        .map(tree::folder).flatMap(Optional::stream).toList();
  }

  /** After a rename to {@code to}: its lineage, what is under it, and INBOX. */
  private static List<FolderRef> renamedOf(FolderTree tree, String to) {
    List<FolderRef> refs = new ArrayList<>(lineageOf(tree, to));
    tree.folders().stream().filter(f -> FolderNames.isUnder(f.name(), to)).forEach(refs::add);
    tree.folder(FolderRef.INBOX).filter(inbox -> !refs.contains(inbox)).ifPresent(refs::add);
    return refs;
  }

  private static SortedMap<String, FolderRef> byName(FolderTree tree) {
    TreeMap<String, FolderRef> folders = new TreeMap<>();
    tree.folders().forEach(f -> folders.put(f.name(), f));
    return folders;
  }

  /**
   * Makes sure each folder exists as a Folder entity with its name: created, or (if it exists,
   * CONFLICT) given its current name, which a rename changed. All at once.
   */
  private CompletionStage<Done> createFolders(MailAddress owner, List<FolderRef> refs) {
    CompletableFuture<?>[] creates = refs.stream()
        .map(ref -> this.<FolderStatus>askFolder(ref.folderId(),
                r -> new Folder.Create(owner.address(), ref.name(), r))
            .exceptionallyCompose(e -> Rejection.kindOf(e) == CONFLICT
                ? askFolder(ref.folderId(), r -> new Folder.Rename(owner.address(), ref.name(), r))
                : failed(e))
            .toCompletableFuture())
        .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(creates)
        .handle((ok, e) -> e == null ? done() : ControlData.<Done>failed(e))
        .thenCompose(Function.identity());
  }

  /** Deletes the Folder entities, all at once; absent or already deleted ones count as deleted. */
  private CompletionStage<Done> deleteFolders(List<String> folderIds) {
    CompletableFuture<?>[] deletes = folderIds.stream()
        .map(id -> tolerating(NOT_FOUND, askFolder(id, Folder.Delete::new)).toCompletableFuture())
        .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(deletes)
        .handle((ok, e) -> e == null ? done() : ControlData.<Done>failed(e))
        .thenCompose(Function.identity());
  }

  /**
   * The removal's folder step: deletes the Folder entities of the closing account. NOT_FOUND (a
   * concurrent removal completed, after deleting them) and CONFLICT (active: re-created since,
   * with new folders that are not ours to delete) leave nothing to do here; the later steps
   * handle those cases as before.
   */
  private CompletionStage<Done> deleteClosedFolders(MailAddress a) {
    return this.<FolderTree>askAccount(a.address(), Account.FoldersToDelete::new)
        .handle((tree, e) -> {
          if (e == null) {
            return deleteFolders(tree.folderIds());
          }
          Rejection.Kind kind = Rejection.kindOf(e);
          return kind == NOT_FOUND || kind == CONFLICT ? done() : ControlData.<Done>failed(e);
        })
        .thenCompose(Function.identity());
  }

  private CompletionStage<Done> removeAccount(MailAddress a) {
    CompletionStage<AccountClosure> closed = askAccount(a.address(), Account.Close::new);
    return closed
        .exceptionallyCompose(e -> Rejection.kindOf(e) == NOT_FOUND
            ? releaseAccount(a)
                .thenCompose(done -> reserveIfActive(a))
                .thenCompose(done -> ControlData.<AccountClosure>failed(e))
            : failed(e))
        .thenCompose(closure -> deleteClosedFolders(a)
            .thenCompose(done -> removeAliasEntries(a, closure.aliases())))
        .thenCompose(done -> releaseAccount(a))
        .thenCompose(done -> removeClosed(a));
  }

  private CompletionStage<Done> removeClosed(MailAddress a) {
    CompletionStage<Done> removed = askAccount(a.address(), Account.Remove::new);
    return removed.exceptionallyCompose(e -> {
      Rejection.Kind kind = Rejection.kindOf(e);
      if (kind == NOT_FOUND) {
        return done(); // a concurrent removal completed it
      }
      return kind == CONFLICT
          ? reserveAccount(a) // active: re-created since our release, so give it back
          : failed(e);
    });
  }

  /** After a release: if the account is active (a create won the race), reserve it again. */
  private CompletionStage<Done> reserveIfActive(MailAddress a) {
    return askAccount(a.address(), Account.Get::new)
        .handle((summary, e) -> e == null
            ? reserveAccount(a)
            : Rejection.kindOf(e) == NOT_FOUND || Rejection.kindOf(e) == CONFLICT
                ? done()
                : ControlData.<Done>failed(e))
        .thenCompose(Function.identity());
  }

  private CompletionStage<Done> reserveAccount(MailAddress a) {
    return askDomain(a.domain(), r -> new Domain.ReserveAccount(a.localPart(), r));
  }

  private CompletionStage<Done> releaseAccount(MailAddress a) {
    return askDomain(a.domain(), r -> new Domain.ReleaseAccount(a.localPart(), r));
  }

  /** Removes each alias of {@code target} from its domain, one after the other. */
  private CompletionStage<Done> removeAliasEntries(MailAddress target, List<String> aliases) {
    CompletionStage<Done> chain = done();
    for (String alias : aliases) {
      chain = chain.thenCompose(done -> validated(() -> MailAddress.parse(alias))
          .thenCompose(a -> removeAliasEntry(a, target)));
    }
    return chain;
  }

  /** Removes the alias from its domain if it still points at {@code target}. */
  private CompletionStage<Done> removeAliasEntry(MailAddress alias, MailAddress target) {
    return askDomain(alias.domain(),
        r -> new Domain.RemoveAliasTo(alias.localPart(), target.address(), r));
  }

  private static Rejection noTarget(MailAddress target) {
    return Rejection.notFound("target account " + target + " does not exist");
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

  private <T> CompletionStage<T> askFolder(
      String folderId, Function<ActorRef<StatusReply<T>>, Folder.Command> command) {
    return sharding.entityRefFor(Folder.ENTITY_TYPE_KEY, folderId)
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

  private static CompletionStage<Done> done() {
    return CompletableFuture.completedStage(Done.getInstance());
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
