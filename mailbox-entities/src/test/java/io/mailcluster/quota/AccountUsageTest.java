package io.mailcluster.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.control.FolderRef;
import io.mailcluster.control.FolderTree;
import io.mailcluster.control.Rejection;
import io.mailcluster.mailbox.FolderStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The usage sum over fake entities: no actors, every answer scripted. */
class AccountUsageTest {

  private static final String ANN = "ann@example.test";

  private final List<String> asked = new ArrayList<>();

  /** Ann has INBOX (f1), Sent (f2) and Trash (f3) holding the given sizes. */
  private AccountUsage usage(long limit, Map<String, CompletionStage<FolderStatus>> statuses) {
    FolderTree tree = new FolderTree(ANN, List.of(
        new FolderRef("INBOX", "f1", null, true),
        new FolderRef("Sent", "f2", null, true),
        new FolderRef("Trash", "f3", null, true)));
    return new AccountUsage(
        address -> CompletableFuture.completedStage(limit),
        address -> {
          asked.add("tree");
          return CompletableFuture.completedStage(tree);
        },
        folderId -> {
          asked.add(folderId);
          return statuses.get(folderId);
        });
  }

  private static CompletionStage<FolderStatus> size(String folderId, long totalSize) {
    return CompletableFuture.completedStage(
        new FolderStatus(folderId, ANN, folderId, 1, 1, 1, 1, 0, totalSize));
  }

  private static Map<String, CompletionStage<FolderStatus>> sizes(long f1, long f2, long f3) {
    return Map.of("f1", size("f1", f1), "f2", size("f2", f2), "f3", size("f3", f3));
  }

  private static Quota quota(AccountUsage usage) throws Exception {
    return usage.of(ANN).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void unlimitedAccountAsksNoFolder() throws Exception {
    assertEquals(Quota.unlimited(), quota(usage(0, sizes(100, 200, 300))));
    assertEquals(List.of(), asked);
  }

  @Test
  void usageIsTheSumOverEveryFolder() throws Exception {
    Quota q = quota(usage(2000, sizes(100, 200, 300)));
    assertEquals(new Quota(2000, 600), q);
    assertTrue(q.admits(1400));
    assertEquals(List.of("tree", "f1", "f2", "f3"), asked);
  }

  @Test
  void exactlyAtTheLimitIsFull() throws Exception {
    Quota q = quota(usage(2000, sizes(1000, 500, 500)));
    assertEquals(new Quota(2000, 2000), q);
    assertTrue(q.isFull());
  }

  @Test
  void overTheLimitIsFull() throws Exception {
    Quota q = quota(usage(2000, sizes(1500, 0, 1000)));
    assertEquals(2500, q.usedBytes());
    assertTrue(q.isFull());
    assertFalse(q.admits(0));
  }

  @Test
  void oneFolderFailingFailsTheWholeComputation() {
    var statuses = Map.of("f1", size("f1", 100),
        "f2", CompletableFuture.<FolderStatus>failedStage(new TimeoutException("f2 did not answer")),
        "f3", size("f3", 300));
    ExecutionException e = assertThrows(ExecutionException.class, () -> quota(usage(2000, statuses)));
    assertInstanceOf(TimeoutException.class, e.getCause());
  }

  @Test
  void aFolderThatThrowsInsteadOfAnsweringFailsTooNeverPasses() {
    AccountUsage usage = new AccountUsage(
        address -> CompletableFuture.completedStage(2000L),
        address -> CompletableFuture.completedStage(
            new FolderTree(ANN, List.of(new FolderRef("INBOX", "f1", null, true)))),
        folderId -> {
          throw new IllegalStateException("sharding not started");
        });
    ExecutionException e = assertThrows(ExecutionException.class, () -> quota(usage));
    assertInstanceOf(IllegalStateException.class, e.getCause());
  }

  @Test
  void aFolderWithoutEntityHoldsNothing() throws Exception {
    var statuses = Map.of("f1", size("f1", 100),
        "f2", CompletableFuture.<FolderStatus>failedStage(Rejection.notFound("folder f2 does not exist")),
        "f3", size("f3", 300));
    assertEquals(new Quota(2000, 400), quota(usage(2000, statuses)));
  }

  @Test
  void anAccountThatCannotBeAskedFails() {
    AccountUsage usage = new AccountUsage(
        address -> CompletableFuture.failedStage(Rejection.notFound("account " + address)),
        address -> CompletableFuture.failedStage(new AssertionError("not asked")),
        folderId -> CompletableFuture.failedStage(new AssertionError("not asked")));
    ExecutionException e = assertThrows(ExecutionException.class, () -> quota(usage));
    assertEquals(Rejection.Kind.NOT_FOUND, Rejection.kindOf(e.getCause()));
  }
}
