package io.mailcluster.pop3.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.pop3.codec.Pop3Settings;
import java.io.IOException;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;
import io.mailcluster.transcript.Scripts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every {@code transcripts/pop3/*.txt} through a {@link Pop3Connection} flow with a
 * {@link FakeBackend}. One item per line:
 *
 * <pre>
 * C: text                   client line; CRLF is appended. Escapes: \r \n \\
 * C~ text                   client bytes without the CRLF
 * S: text                   next server line, literally; S: /regex/ matches the whole line
 * # account ADDRESS PASS    an account with an empty INBOX
 * # deliver ADDRESS TEXT    a message in its INBOX (escapes apply); uids count from 1
 * # locked ADDRESS          another session holds this maildrop
 * # fail login|open|commit  that backend call fails (storage down)
 * # set max-errors|max-failed-logins|max-line-length N
 * # expect expunged ADDRESS [UID...]   exactly these uids were expunged
 * # expect unlocked ADDRESS            nobody holds the maildrop at the end
 * # expect locked ADDRESS              still held (by the other session)
 * # anything else                      a comment
 * </pre>
 *
 * The client's bytes are sent as one stream split at every byte position: the server's lines
 * and the backend's end state must not change. Server lines are compared one by one, and
 * the server must say nothing more.
 */
class Pop3TranscriptTest {

  private static final String DIR = "transcripts/pop3";
  private static final ActorTestKit testKit = ActorTestKit.create("Pop3TranscriptTest");
  private static final Materializer MAT = Materializer.matFromSystem(testKit.system());

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  static Stream<String> transcripts() throws IOException, URISyntaxException {
    return Scripts.names(DIR);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transcripts")
  void replaysTheTranscriptUnderEverySplit(String name) throws Exception {
    List<String> script = Scripts.lines(DIR, name);
    ByteString client = Scripts.clientBytes(script);
    for (int split = 0; split <= client.size(); split++) {
      FakeBackend backend = new FakeBackend();
      Pop3Settings settings = setUp(script, backend);
      List<ByteString> chunks = List.of(client.slice(0, split), client.slice(split, client.size()));
      String where = name + " split at " + split;
      Scripts.checkServerLines(script, run(settings, backend, chunks), where);
      checkExpectations(script, backend, where);
    }
  }

  private static String run(Pop3Settings settings, FakeBackend backend, List<ByteString> chunks)
      throws Exception {
    return Source.from(chunks)
        .via(Pop3Connection.flow(settings, backend, "test-session", "192.0.2.1"))
        .runWith(Sink.fold(new ByteStringBuilder(), ByteStringBuilder::append), MAT)
        .toCompletableFuture().get(10, TimeUnit.SECONDS)
        .result().utf8String();
  }

  private static Pop3Settings setUp(List<String> script, FakeBackend backend) {
    int maxErrors = 10;
    int maxFailedLogins = 3;
    int maxLineLength = 255;
    for (String line : script) {
      String[] w = line.split(" ", 4);
      if (!line.startsWith("# ") || w.length < 3) {
        continue;
      }
      switch (w[1]) {
        case "account" -> backend.account(w[2], w[3]);
        case "deliver" -> backend.deliver(w[2], Scripts.unescape(w[3]));
        case "locked" -> backend.locks.put(w[2], "another-session");
        case "fail" -> {
          backend.failLogin |= w[2].equals("login");
          backend.failOpen |= w[2].equals("open");
          backend.failCommit |= w[2].equals("commit");
        }
        case "set" -> {
          int value = Integer.parseInt(w[3]);
          switch (w[2]) {
            case "max-errors" -> maxErrors = value;
            case "max-failed-logins" -> maxFailedLogins = value;
            case "max-line-length" -> maxLineLength = value;
            default -> throw new IllegalArgumentException("unknown setting " + w[2]);
          }
        }
        default -> { } // a comment, or an expectation checked later
      }
    }
    return new Pop3Settings("pop.example.test", maxLineLength, maxErrors, maxFailedLogins,
        Duration.ofMinutes(10), Duration.ofMinutes(1), 100);
  }

  private static void checkExpectations(List<String> script, FakeBackend backend, String where) {
    for (String line : script) {
      String[] w = line.split(" ");
      if (!line.startsWith("# expect ")) {
        continue;
      }
      String account = w[3];
      switch (w[2]) {
        case "expunged" -> {
          Set<Long> uids = new TreeSet<>();
          Arrays.stream(w, 4, w.length).forEach(u -> uids.add(Long.parseLong(u)));
          assertEquals(uids, backend.expunged.getOrDefault(account, new TreeSet<>()), where);
        }
        case "unlocked" -> // released when the stream has ended, which may follow its last byte
            testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
              assertTrue(!backend.locks.containsKey(account), where + ": still locked");
              return null;
            });
        case "locked" -> assertTrue(backend.locks.containsKey(account), where + ": not locked");
        default -> throw new IllegalArgumentException("unknown expectation: " + line);
      }
    }
  }

}
