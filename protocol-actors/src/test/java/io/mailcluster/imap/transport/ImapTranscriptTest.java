package io.mailcluster.imap.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.imap.codec.ImapSettings;
import io.mailcluster.imap.content.ContentSettings;
import io.mailcluster.imap.session.ImapSessionSettings;
import io.mailcluster.mailbox.MessageEntry;
import java.io.IOException;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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
 * Replays every {@code transcripts/imap/*.txt} through an {@link ImapConnection} flow with a
 * {@link FakeImapBackend}. One item per line:
 *
 * <pre>
 * C: text                        client line; CRLF is appended. Escapes: \r \n \\
 * C~ text                        client bytes without the CRLF
 * S: text                        next server line, literally; S: /regex/ matches the whole line
 * # account ADDRESS PASS         an account with the default folders, all empty
 * # quota ADDRESS BYTES          the account's quota (default 0: unlimited)
 * # deliver ADDRESS FOLDER TEXT  a message in the folder (escapes apply); uids count from 1
 * # flagged ADDRESS FOLDER FLAG TEXT   the same, with one flag set
 * # fail storage                 every backend call fails (Cassandra down)
 * # expunged ADDRESS FOLDER UID   another client removed that message (after the deliveries)
 * # forget expunges              folders no longer know their old expunges (change log too short)
 * # set max-line-length|max-failed-logins N
 * # expect messages ADDRESS FOLDER UID...   the folder holds exactly these uids at the end
 * # expect flags ADDRESS FOLDER UID FLAG... that message has exactly these flags
 * # expect folders ADDRESS NAME...          the account's folder names at the end
 * # anything else                            a comment
 * </pre>
 *
 * The client's bytes are sent as one stream, also split at every byte position: the server's
 * lines and the backend's end state must not change. The server must say nothing more.
 */
class ImapTranscriptTest {

  private static final String DIR = "transcripts/imap";
  private static final ActorTestKit testKit = ActorTestKit.create("ImapTranscriptTest");
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
      FakeImapBackend backend = new FakeImapBackend();
      int[] limits = setUp(script, backend);
      List<ByteString> chunks = List.of(client.slice(0, split), client.slice(split, client.size()));
      String where = name + " split at " + split;
      Scripts.checkServerLines(script, run(limits, backend, chunks), where);
      checkExpectations(script, backend, where);
    }
  }

  private static String run(int[] limits, FakeImapBackend backend, List<ByteString> chunks) throws Exception {
    ImapSettings codec = new ImapSettings(limits[0], 1_000_000, 4096, 16);
    ImapSessionSettings session = new ImapSessionSettings(limits[1], Duration.ofMinutes(1),
        Duration.ofMinutes(30), 2, 100, Duration.ofSeconds(2));
    ContentSettings content = ContentSettings.fromConfig(ConfigFactory.defaultReference());
    return Source.from(chunks)
        .via(ImapConnection.flow(codec, session, content, backend, "test-session", "192.0.2.1"))
        .runWith(Sink.fold(new ByteStringBuilder(), ByteStringBuilder::append), MAT)
        .toCompletableFuture().get(10, TimeUnit.SECONDS)
        .result().utf8String();
  }

  /** Applies the scene directives; answers {max-line-length, max-failed-logins}. */
  private static int[] setUp(List<String> script, FakeImapBackend backend) {
    int[] limits = {8192, 3};
    for (String line : script) {
      if (!line.startsWith("# ")) {
        continue;
      }
      String[] w = line.substring(2).split(" ", 5);
      switch (w[0]) {
        case "account" -> backend.account(w[1], w[2]);
        case "quota" -> backend.quota(w[1], Long.parseLong(w[2]));
        case "deliver" -> backend.deliver(w[1], w[2], Scripts.unescape(w[3] + (w.length > 4 ? " " + w[4] : "")));
        case "flagged" -> backend.deliver(w[1], w[2], Scripts.unescape(w[4]), w[3]);
        case "fail" -> backend.unavailable = true;
        case "expunged" -> backend.expunge(w[1], w[2], Long.parseLong(w[3]));
        case "forget" -> backend.forgetExpunges = true;
        case "set" -> {
          int value = Integer.parseInt(w[2]);
          switch (w[1]) {
            case "max-line-length" -> limits[0] = value;
            case "max-failed-logins" -> limits[1] = value;
            default -> throw new IllegalArgumentException("unknown setting " + w[1]);
          }
        }
        default -> { } // a comment, or an expectation checked later
      }
    }
    return limits;
  }

  private static void checkExpectations(List<String> script, FakeImapBackend backend, String where) {
    for (String line : script) {
      if (!line.startsWith("# expect ")) {
        continue;
      }
      String[] w = line.substring(9).split(" ");
      switch (w[0]) {
        case "messages" -> {
          TreeSet<Long> uids = new TreeSet<>();
          Arrays.stream(w, 3, w.length).forEach(u -> uids.add(Long.parseLong(u)));
          assertEquals(uids, backend.folder(w[1], w[2]).messages.keySet(), where + ": " + line);
        }
        case "flags" -> {
          MessageEntry e = backend.folder(w[1], w[2]).messages.get(Long.parseLong(w[3]));
          assertEquals(new TreeSet<>(Arrays.asList(w).subList(4, w.length)), new TreeSet<>(e.flags()),
              where + ": " + line);
        }
        case "folders" -> assertEquals(new TreeSet<>(Arrays.asList(w).subList(2, w.length)),
            backend.folderNames(w[1]), where + ": " + line);
        default -> throw new IllegalArgumentException("unknown expectation: " + line);
      }
    }
  }

}
