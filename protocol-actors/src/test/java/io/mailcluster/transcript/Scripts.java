package io.mailcluster.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * What the POP3 and IMAP transcript replays share: finding the files, the client's bytes
 * ({@code C:} lines with CRLF, {@code C~} without), and comparing the server's output with the
 * {@code S:} lines (literal, or {@code /regex/} for the whole line), nothing more allowed.
 */
public final class Scripts {

  private Scripts() {}

  /** The {@code .txt} files of a class-path folder, sorted. */
  public static Stream<String> names(String dir) throws IOException, URISyntaxException {
    Path folder = Path.of(Scripts.class.getClassLoader().getResource(dir).toURI());
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt"))
          .sorted().toList().stream();
    }
  }

  public static List<String> lines(String dir, String name) throws IOException, URISyntaxException {
    Path file = Path.of(Scripts.class.getClassLoader().getResource(dir + "/" + name).toURI());
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  public static ByteString clientBytes(List<String> script) {
    ByteStringBuilder bytes = new ByteStringBuilder();
    for (String line : script) {
      if (line.startsWith("C: ")) {
        bytes.append(ByteString.fromString(unescape(line.substring(3)) + "\r\n"));
      } else if (line.startsWith("C~ ")) {
        bytes.append(ByteString.fromString(unescape(line.substring(3))));
      }
    }
    return bytes.result();
  }

  /** Every {@code S:} line matches the output's lines in order, and the output has no more. */
  public static void checkServerLines(List<String> script, String output, String where) {
    List<String> actual = new ArrayList<>(Arrays.asList(output.split("\r\n", -1)));
    assertEquals("", actual.remove(actual.size() - 1), where + ": output ends with CRLF");
    int seen = 0;
    for (String line : script) {
      if (!line.startsWith("S: ")) {
        continue;
      }
      String expected = line.substring(3);
      assertTrue(seen < actual.size(), where + ": server stopped before " + expected + "; it said " + actual);
      String got = actual.get(seen++);
      boolean matches = expected.length() > 1 && expected.startsWith("/") && expected.endsWith("/")
          ? Pattern.matches(expected.substring(1, expected.length() - 1), got)
          : expected.equals(got);
      assertTrue(matches, where + ": expected " + expected + " but got " + got + " in " + actual);
    }
    assertEquals(seen, actual.size(), where + ": server said more: " + actual.subList(seen, actual.size()));
  }

  public static String unescape(String text) {
    return text.replace("\\r", "\r").replace("\\n", "\n").replace("\\\\", "\\");
  }
}
