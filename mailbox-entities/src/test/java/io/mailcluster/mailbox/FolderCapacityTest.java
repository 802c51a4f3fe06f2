package io.mailcluster.mailbox;

import static io.mailcluster.control.Rejection.Kind.CONFLICT;
import static io.mailcluster.mailbox.Replies.assertRejected;
import static io.mailcluster.mailbox.Replies.assertSuccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.testing.LogCapturing;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code max-messages}: a full folder rejects appends clearly and takes them again once emptier. */
@ExtendWith(LogCapturing.class)
class FolderCapacityTest {

  private static final ActorTestKit testKit = ActorTestKit.create(
      ConfigFactory.parseString("mail-cluster.folders.max-messages = 3")
          .withFallback(EventSourcedBehaviorTestKit.config()));

  private final EventSourcedBehaviorTestKit<Folder.Command, Folder.Event, Folder.State> folder =
      EventSourcedBehaviorTestKit.create(testKit.system(), Folder.create("f-full"));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static AppendRequest request(String key) {
    return new AppendRequest(key, "blob-" + key, 10, Instant.EPOCH, null);
  }

  private StatusReply<AppendResult> append(String key) {
    return folder.<StatusReply<AppendResult>>runCommand(r -> new Folder.Append(request(key), r))
        .reply();
  }

  @Test
  void fullFolderRejectsAppendsUntilMessagesAreExpunged() {
    folder.<StatusReply<FolderStatus>>runCommand(r -> new Folder.Create("a@example.com", "INBOX", r));
    var batch = folder.<StatusReply<AppendBatchResult>>runCommand(
        r -> new Folder.AppendBatch(List.of(request("k1"), request("k2")), r));
    assertSuccess(batch.reply());

    // a batch that does not fit is rejected whole
    var tooBig = folder.<StatusReply<AppendBatchResult>>runCommand(
        r -> new Folder.AppendBatch(List.of(request("k3"), request("k4")), r));
    assertRejected(tooBig.reply(), CONFLICT,
        "folder f-full is full: it holds 2 messages, at most 3 allowed");
    assertTrue(tooBig.hasNoEvents());

    assertEquals(3, assertSuccess(append("k3")).uid());
    assertRejected(append("k4"), CONFLICT,
        "folder f-full is full: it holds 3 messages, at most 3 allowed");
    // a retry of an applied key is still answered: it adds nothing
    assertEquals(1, assertSuccess(append("k1")).uid());

    var expunged = folder.<StatusReply<Expunged>>runCommand(
        r -> Folder.Expunge.exactly(new TreeSet<>(List.of(1L)), r));
    assertSuccess(expunged.reply());
    assertEquals(4, assertSuccess(append("k4")).uid());
  }
}
