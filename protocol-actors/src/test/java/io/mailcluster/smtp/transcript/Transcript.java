package io.mailcluster.smtp.transcript;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * A parsed transcript file: the client's bytes and the server's expected lines in order, and
 * the directives that set the scene and state expectations. It only parses; what a directive
 * means is up to the runner (the in-process fake environment, or a real node). Format, one
 * item per line:
 *
 * <pre>
 * C: text      client line; CRLF is appended. Escapes: \r \n \t \\
 * C~ text      client bytes without the CRLF (BDAT content, bare line endings)
 * S: text      next server reply line, literally; S: /regex/ matches the whole line
 * # set max-recipients|max-message-size|max-errors|bare-line-ending VALUE
 * # resolve ADDRESS local [MAILBOX...] | unknown | relay | quota | unavailable
 * # store ok|temporary|quota        outcome of the next commit (default ok)
 * # quota MAILBOX LIMIT USED         the mailbox's quota and usage in octets; RCPT and the
 *                                   commit then decide by the node's quota rules
 * # expect stored N                 messages kept by the store at the end
 * # expect content TEXT             some kept message contains TEXT (escapes apply)
 * # expect no-content TEXT          no kept message contains TEXT
 * # expect recipients A B ...       some kept message's envelope has exactly these mailboxes
 * # anything else                   a comment
 * </pre>
 *
 * Transcripts live on the class path under {@link #SMTP}; this module's test-jar shares them
 * and this class with the modules that replay them against a real node.
 */
public record Transcript(String name, List<Item> items, List<Directive> directives) {

  /** The class path folder of the SMTP transcripts. */
  public static final String SMTP = "transcripts/smtp";

  public sealed interface Item {}

  public record Client(ByteString bytes) implements Item {}

  /** An expected server line: literal, or a regex between slashes matching the whole line. */
  public record Server(String expected, int lineNo) implements Item {

    public boolean isRegex() {
      return expected.length() > 1 && expected.startsWith("/") && expected.endsWith("/");
    }

    /** The whole-line regex this line stands for (a literal line quoted). */
    public String regex() {
      return isRegex() ? expected.substring(1, expected.length() - 1) : Pattern.quote(expected);
    }

    public boolean matches(String actual) {
      return isRegex() ? Pattern.compile(regex()).matcher(actual).matches() : expected.equals(actual);
    }
  }

  /**
   * One {@code # set|resolve|store|quota|expect} line: {@code verb}, its first word {@code key}
   * (setting, address, outcome, kind of expectation) and the rest of the line, "" if none.
   */
  public record Directive(String verb, String key, String rest, int lineNo) {}

  private static final List<String> VERBS = List.of("set", "resolve", "store", "quota", "expect");

  public static Transcript parse(String name, List<String> lines) {
    List<Item> items = new ArrayList<>();
    List<Directive> directives = new ArrayList<>();
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
        if (VERBS.contains(w[0])) {
          if (w.length < 2) {
            throw new IllegalArgumentException(name + " line " + no + ": " + w[0] + " of what?");
          }
          directives.add(new Directive(w[0], w[1], w.length > 2 ? w[2] : "", no));
        } // else a comment
      } else if (!line.isBlank()) {
        throw new IllegalArgumentException(name + " line " + no + " not understood: " + line);
      }
    }
    return new Transcript(name, List.copyOf(items), List.copyOf(directives));
  }

  /** The transcript {@code folder/name} from the class path. */
  public static Transcript load(String folder, String name) throws IOException {
    String resource = folder + "/" + name;
    try (InputStream in = Transcript.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no transcript " + resource + " on the class path");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return parse(name, text.lines().toList());
    }
  }

  /** The names of the {@code .txt} files in {@code folder}, sorted; also inside a jar. */
  public static List<String> names(String folder) throws IOException, URISyntaxException {
    URL url = Transcript.class.getClassLoader().getResource(folder);
    if (url == null) {
      throw new IOException("no folder " + folder + " on the class path");
    }
    URI uri = url.toURI();
    if (uri.getScheme().equals("jar")) {
      try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
        return names(jar.getPath(folder));
      }
    }
    return names(Path.of(uri));
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".txt"))
          .sorted()
          .toList();
    }
  }

  public List<Directive> directives(String verb) {
    return directives.stream().filter(d -> d.verb().equals(verb)).toList();
  }

  /** Everything the client sends, in one piece. */
  public ByteString clientBytes() {
    ByteStringBuilder b = new ByteStringBuilder();
    items.stream().filter(Client.class::isInstance).forEach(c -> b.append(((Client) c).bytes()));
    return b.result();
  }

  public static String unescape(String s) {
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
