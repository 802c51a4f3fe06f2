package io.mailcluster.smtp.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mailcluster.quota.Quota;
import io.mailcluster.smtp.codec.BareLineEndingPolicy;
import io.mailcluster.smtp.codec.SmtpSettings;
import io.mailcluster.smtp.transcript.Transcript;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every {@code transcripts/smtp/*.txt} (format: {@link Transcript}) through a session
 * with a fake resolver and store: {@code # set} changes the session's settings, {@code # resolve}
 * and {@code # store} script the fake's answers, {@code # quota} gives a mailbox a quota and
 * usage that the fake checks by the node's {@code QuotaRules}, {@code # expect} is checked against what the
 * fake store kept.
 *
 * <p>First in lock step (the client's lines up to each S: block, then that block must be what
 * the server said), then with all client bytes in one stream split at every byte position
 * and one byte at a time: the server's lines and the stored messages must not change.
 */
class TranscriptTest {

  static List<String> transcripts() throws IOException, URISyntaxException {
    return Transcript.names(Transcript.SMTP);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transcripts")
  void replaysTranscriptInLockStepAndUnderEverySplit(String name) throws Exception {
    Transcript transcript = Transcript.load(Transcript.SMTP, name);
    Script script = Script.of(transcript);

    FakeEnvironment lockStep = script.environment();
    lockStep.connect();
    int seen = 0;
    for (Transcript.Item item : transcript.items()) {
      if (item instanceof Transcript.Client c) {
        lockStep.send(c.bytes());
      } else if (item instanceof Transcript.Server s) {
        if (seen >= lockStep.serverLines.size()) {
          fail(name + ": expected server line " + s.expected() + " but the server said nothing"
              + " (line " + s.lineNo() + ")");
        }
        String actual = lockStep.serverLines.get(seen++);
        assertTrue(s.matches(actual),
            name + " line " + s.lineNo() + ": expected " + s.expected() + " got " + actual);
      }
    }
    assertEquals(seen, lockStep.serverLines.size(),
        name + ": unexpected extra server lines " + lockStep.serverLines.subList(seen,
            lockStep.serverLines.size()));
    script.checkExpectations(name, lockStep);

    FakeEnvironment.Outcome reference = lockStep.outcome();
    ByteString all = transcript.clientBytes();
    for (int cut = 0; cut <= all.size(); cut++) {
      assertEquals(reference, run(script, List.of(all.take(cut), all.drop(cut))),
          name + ": client bytes split at " + cut);
    }
    List<ByteString> single = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      single.add(all.slice(i, i + 1));
    }
    assertEquals(reference, run(script, single), name + ": one byte at a time");

    // a slow backend: every lookup and commit is answered only after all client bytes arrived
    FakeEnvironment slow = script.environment();
    slow.defer = true;
    slow.connect();
    slow.send(all);
    slow.release();
    assertEquals(reference, slow.outcome(), name + ": answers delayed until the client is done");
  }

  private static FakeEnvironment.Outcome run(Script script, List<ByteString> chunks) {
    FakeEnvironment env = script.environment();
    env.connect();
    for (ByteString chunk : chunks) {
      env.send(chunk);
    }
    return env.outcome();
  }

  /** A transcript's directives as the fake environment's set-up, settings and checks. */
  record Script(List<Consumer<FakeEnvironment>> setup, SmtpSettings settings,
      List<Transcript.Directive> expectations) {

    static Script of(Transcript transcript) {
      List<Consumer<FakeEnvironment>> setup = new ArrayList<>();
      SmtpSettings s = FakeEnvironment.settings();
      for (Transcript.Directive d : transcript.directives()) {
        switch (d.verb()) {
          case "set" -> s = set(s, d.key(), d.rest());
          case "resolve" -> setup.add(resolve(d.key(), d.rest()));
          case "store" -> setup.add(env -> env.storeOutcomes.add(d.key()));
          case "quota" -> setup.add(quota(d.key(), d.rest()));
          default -> { } // expect: checked after the run
        }
      }
      return new Script(setup, s, transcript.directives("expect"));
    }

    FakeEnvironment environment() {
      FakeEnvironment env = new FakeEnvironment(settings);
      setup.forEach(c -> c.accept(env));
      return env;
    }

    void checkExpectations(String name, FakeEnvironment env) {
      List<String> kept = env.stored().stream().map(FakeEnvironment.Message::content).toList();
      for (Transcript.Directive e : expectations) {
        switch (e.key()) {
          case "stored" -> assertEquals(Integer.parseInt(e.rest()), kept.size(), name + ": stored");
          case "content" -> assertTrue(
              kept.stream().anyMatch(c -> c.contains(Transcript.unescape(e.rest()))),
              name + ": no stored message contains " + e.rest() + " in " + kept);
          case "no-content" -> assertTrue(
              kept.stream().noneMatch(c -> c.contains(Transcript.unescape(e.rest()))),
              name + ": a stored message contains " + e.rest());
          case "recipients" -> assertTrue(env.stored().stream().anyMatch(
                  m -> m.envelope().recipients().equals(List.of(e.rest().split(" ")))),
              name + ": no stored message for exactly " + e.rest() + " in " + env.stored());
          default -> throw new IllegalArgumentException("expect " + e.key());
        }
      }
    }

    private static Consumer<FakeEnvironment> resolve(String address, String how) {
      String[] rest = how.split(" ");
      Resolution r = switch (rest[0]) {
        case "local" -> new Resolution.Local(rest.length > 1
            ? List.of(rest).subList(1, rest.length) : List.of(address));
        case "unknown" -> new Resolution.UnknownUser();
        case "relay" -> new Resolution.NotOurDomain();
        case "quota" -> new Resolution.OverQuota();
        case "unavailable" -> new Resolution.Unavailable();
        default -> throw new IllegalArgumentException("resolution " + rest[0]);
      };
      return env -> env.directory.put(address, r);
    }

    private static Consumer<FakeEnvironment> quota(String mailbox, String limitAndUsed) {
      String[] w = limitAndUsed.split(" ");
      if (w.length != 2) {
        throw new IllegalArgumentException("quota " + mailbox + " needs LIMIT USED: " + limitAndUsed);
      }
      Quota q = new Quota(Long.parseLong(w[0]), Long.parseLong(w[1]));
      return env -> env.quotas.put(mailbox, q);
    }

    private static SmtpSettings set(SmtpSettings s, String key, String value) {
      return new SmtpSettings(s.hostname(), s.maxCommandLineLength(), s.maxTextLineLength(),
          key.equals("max-message-size") ? Long.parseLong(value) : s.maxMessageSize(),
          key.equals("max-recipients") ? Integer.parseInt(value) : s.maxRecipients(),
          key.equals("max-errors") ? Integer.parseInt(value) : s.maxErrors(),
          s.commandTimeout(), s.dataTimeout(), s.maxConnections(),
          key.equals("bare-line-ending") ? BareLineEndingPolicy.fromConfig(value) : s.bareLineEnding());
    }
  }

}
