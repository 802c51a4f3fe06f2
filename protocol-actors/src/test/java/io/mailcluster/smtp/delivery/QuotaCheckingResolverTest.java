package io.mailcluster.smtp.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mailcluster.quota.Quota;
import io.mailcluster.smtp.session.Resolution;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The resolver's quota step with a scripted directory and scripted quotas. */
class QuotaCheckingResolverTest {

  private static final Map<String, Resolution> DIRECTORY = Map.of(
      "ann@x.test", new Resolution.Local(List.of("ann@x.test")),
      "team@x.test", new Resolution.Local(List.of("ann@x.test", "bob@x.test")),
      "gone@x.test", new Resolution.UnknownUser(),
      "slow@x.test", new Resolution.Local(List.of("slow@x.test")));

  private static Resolution resolve(Map<String, Quota> quotas, String address, OptionalLong size)
      throws Exception {
    QuotaCheckingResolver resolver = new QuotaCheckingResolver(
        a -> CompletableFuture.completedStage(DIRECTORY.get(a)),
        mailbox -> mailbox.equals("slow@x.test")
            ? CompletableFuture.failedStage(new TimeoutException("status ask timed out"))
            : CompletableFuture.completedStage(quotas.get(mailbox)));
    CompletionStage<Resolution> answer = resolver.resolve(address, size);
    return answer.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void aMailboxWithRoomIsLocal() throws Exception {
    assertEquals(DIRECTORY.get("ann@x.test"),
        resolve(Map.of("ann@x.test", new Quota(2000, 100)), "ann@x.test", OptionalLong.of(1900)));
  }

  @Test
  void aFullMailboxOrATooBigDeclaredSizeIsOverQuota() throws Exception {
    assertEquals(new Resolution.OverQuota(),
        resolve(Map.of("ann@x.test", new Quota(2000, 2000)), "ann@x.test", OptionalLong.empty()));
    assertEquals(new Resolution.OverQuota(),
        resolve(Map.of("ann@x.test", new Quota(2000, 100)), "ann@x.test", OptionalLong.of(1901)));
  }

  @Test
  void anAliasToSeveralMailboxesIsRefusedOnlyWhenNoneHasRoom() throws Exception {
    assertEquals(DIRECTORY.get("team@x.test"), resolve(Map.of(
        "ann@x.test", new Quota(10, 10), "bob@x.test", Quota.unlimited()), "team@x.test",
        OptionalLong.empty()));
    assertEquals(new Resolution.OverQuota(), resolve(Map.of(
        "ann@x.test", new Quota(10, 10), "bob@x.test", new Quota(5, 6)), "team@x.test",
        OptionalLong.empty()));
  }

  @Test
  void aQuotaThatCannotBeComputedIsUnavailableNeverAPass() throws Exception {
    assertEquals(new Resolution.Unavailable(), resolve(Map.of(), "slow@x.test", OptionalLong.empty()));
  }

  @Test
  void otherAnswersAreNotAskedForQuota() throws Exception {
    assertEquals(new Resolution.UnknownUser(), resolve(Map.of(), "gone@x.test", OptionalLong.empty()));
  }
}
