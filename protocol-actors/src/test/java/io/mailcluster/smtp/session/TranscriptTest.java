package io.mailcluster.smtp.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mailcluster.smtp.codec.BareLineEndingPolicy;
import io.mailcluster.smtp.codec.SmtpSettings;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every {@code transcripts/smtp/*.txt} through a session with a fake resolver and
 * store. Format, one item per line:
 *
 * <pre>
 * C: text      client line; CRLF is appended. Escapes: \r \n \t \\
 * C~ text      client bytes without the CRLF (BDAT content, bare line endings)
 * S: text      next server reply line, literally; S: /regex/ matches the whole line
 * # set max-recipients|max-message-size|max-errors|bare-line-ending VALUE
 * # resolve ADDRESS local [MAILBOX...] | unknown | relay | quota | unavailable
 * # store ok|temporary|quota        outcome of the next commit (default ok)
 * # expect stored N                 messages kept by the store at the end
 * # expect content TEXT             some kept message contains TEXT (escapes apply)
 * # expect no-content TEXT          no kept message contains TEXT
 * # expect recipients A B ...       some kept message's envelope has exactly these mailboxes
 * # anything else                   a comment
 * </pre>
 *
 * First in lock step (the client's lines up to each S: block, then that block must be what
 * the server said), then with all client bytes in one stream split at every byte position
 * and one byte at a time: the server's lines and the stored messages must not change.
 */
class TranscriptTest {

  private static final String DIR = "transcripts/smtp";

  static Stream<String> transcripts() throws IOException, URISyntaxException {
    URL url = TranscriptTest.class.getClassLoader().getResource(DIR);
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".txt"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transcripts")
  void replaysTranscriptInLockStepAndUnderEverySplit(String name) throws Exception {
    Path file = Path.of(TranscriptTest.class.getClassLoader().getResource(DIR + "/" + name).toURI());
    Script script = Script.parse(Files.readAllLines(file, StandardCharsets.UTF_8));

    FakeEnvironment lockStep = script.environment();
    lockStep.connect();
    int seen = 0;
    for (Script.Item item : script.items()) {
      if (item instanceof Script.Client c) {
        lockStep.send(c.bytes());
      } else if (item instanceof Script.Server s) {
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
    ByteString all = script.clientBytes();
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

  /** A parsed transcript. */
  record Script(List<Item> items, List<Consumer<FakeEnvironment>> setup,
      SmtpSettings settings, List<String[]> expectations) {

    sealed interface Item {}

    record Client(ByteString bytes) implements Item {}

    record Server(String expected, int lineNo) implements Item {
      boolean matches(String actual) {
        if (expected.length() > 1 && expected.startsWith("/") && expected.endsWith("/")) {
          return Pattern.compile(expected.substring(1, expected.length() - 1)).matcher(actual).matches();
        }
        return expected.equals(actual);
      }
    }

    static Script parse(List<String> lines) {
      List<Item> items = new ArrayList<>();
      List<Consumer<FakeEnvironment>> setup = new ArrayList<>();
      List<String[]> expectations = new ArrayList<>();
      SmtpSettings s = FakeEnvironment.settings();
      int no = 0;
      for (String line : lines) {
        no++;
        if (line.startsWith("C: ")) {
          items.add(new Client(bytes(unescape(line.substring(3)) + "\r\n")));
        } else if (line.startsWith("C~ ")) {
          items.add(new Client(bytes(unescape(line.substring(3)))));
        } else if (line.startsWith("S: ")) {
          items.add(new Server(line.substring(3), no));
        } else if (line.startsWith("# ")) {
          String[] w = line.substring(2).trim().split(" ", 3);
          switch (w[0]) {
            case "set" -> s = set(s, w[1], w[2]);
            case "resolve" -> setup.add(resolve(w));
            case "store" -> setup.add(env -> env.storeOutcomes.add(w[1]));
            case "expect" -> expectations.add(w);
            default -> { } // a comment
          }
        } else if (!line.isBlank()) {
          throw new IllegalArgumentException("transcript line " + no + " not understood: " + line);
        }
      }
      return new Script(items, setup, s, expectations);
    }

    FakeEnvironment environment() {
      FakeEnvironment env = new FakeEnvironment(settings);
      setup.forEach(c -> c.accept(env));
      return env;
    }

    ByteString clientBytes() {
      ByteStringBuilder b = new ByteStringBuilder();
      items.stream().filter(Client.class::isInstance).forEach(c -> b.append(((Client) c).bytes()));
      return b.result();
    }

    void checkExpectations(String name, FakeEnvironment env) {
      List<String> kept = env.stored().stream().map(FakeEnvironment.Message::content).toList();
      for (String[] e : expectations) {
        switch (e[1]) {
          case "stored" -> assertEquals(Integer.parseInt(e[2]), kept.size(), name + ": stored");
          case "content" -> assertTrue(kept.stream().anyMatch(c -> c.contains(unescape(e[2]))),
              name + ": no stored message contains " + e[2] + " in " + kept);
          case "no-content" -> assertTrue(kept.stream().noneMatch(c -> c.contains(unescape(e[2]))),
              name + ": a stored message contains " + e[2]);
          case "recipients" -> assertTrue(env.stored().stream().anyMatch(
                  m -> m.envelope().recipients().equals(List.of(e[2].split(" ")))),
              name + ": no stored message for exactly " + e[2] + " in " + env.stored());
          default -> throw new IllegalArgumentException("expect " + e[1]);
        }
      }
    }

    private static Consumer<FakeEnvironment> resolve(String[] w) {
      String[] rest = w[2].split(" ");
      Resolution r = switch (rest[0]) {
        case "local" -> new Resolution.Local(rest.length > 1
            ? List.of(rest).subList(1, rest.length) : List.of(w[1]));
        case "unknown" -> new Resolution.UnknownUser();
        case "relay" -> new Resolution.NotOurDomain();
        case "quota" -> new Resolution.OverQuota();
        case "unavailable" -> new Resolution.Unavailable();
        default -> throw new IllegalArgumentException("resolution " + rest[0]);
      };
      return env -> env.directory.put(w[1], r);
    }

    private static SmtpSettings set(SmtpSettings s, String key, String value) {
      return new SmtpSettings(s.hostname(), s.maxCommandLineLength(), s.maxTextLineLength(),
          key.equals("max-message-size") ? Long.parseLong(value) : s.maxMessageSize(),
          key.equals("max-recipients") ? Integer.parseInt(value) : s.maxRecipients(),
          key.equals("max-errors") ? Integer.parseInt(value) : s.maxErrors(),
          s.commandTimeout(), s.dataTimeout(), s.maxConnections(),
          key.equals("bare-line-ending") ? BareLineEndingPolicy.fromConfig(value) : s.bareLineEnding());
    }

    static String unescape(String s) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '\\' && i + 1 < s.length()) {
          char n = s.charAt(++i);
          b.append(switch (n) {
            case 'r' -> '\r';
            case 'n' -> '\n';
            case 't' -> '\t';
            default -> n;
          });
        } else {
          b.append(c);
        }
      }
      return b.toString();
    }

    private static ByteString bytes(String s) {
      return ByteString.fromString(s, StandardCharsets.UTF_8);
    }
  }

}
