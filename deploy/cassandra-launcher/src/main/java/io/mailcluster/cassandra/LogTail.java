package io.mailcluster.cassandra;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The last lines of a log file, for error messages: reads only the file's end. */
final class LogTail {

  private static final int MAX_BYTES = 64 * 1024;

  private LogTail() {}

  /** Where a log ends now; the tail of a later run starts there (0 for a missing file). */
  static long endOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * At most {@code count} lines written since {@code offset} (see {@link #endOf}). Empty when the
   * file is missing or unreadable: a tail is a courtesy, never a second failure.
   */
  static List<String> lastLines(Path file, long offset, int count) {
    List<String> lines = Arrays.asList(readEnd(file, offset).split("\\R"));
    List<String> tail = lines.subList(Math.max(0, lines.size() - count), lines.size());
    return tail.stream().allMatch(String::isBlank) ? List.of() : tail;
  }

  /** "--- last N lines of FILE ---" followed by the lines, or "" when there are none. */
  static String section(Path file, long offset, int count) {
    List<String> lines = lastLines(file, offset, count);
    if (lines.isEmpty()) {
      return "";
    }
    return "\n--- last " + lines.size() + " lines of " + file + " ---\n" + String.join("\n", lines);
  }

  /**
   * What Cassandra last logged at ERROR, in one line: the exception line that follows the ERROR
   * line when there is one ("ConfigurationException: Saved cluster name ..."), else its message.
   */
  static Optional<String> lastError(Path systemLog, long offset) {
    List<String> lines = Arrays.asList(readEnd(systemLog, offset).split("\\R"));
    for (int i = lines.size() - 1; i >= 0; i--) {
      String line = lines.get(i);
      if (line.startsWith("ERROR")) {
        String next = i + 1 < lines.size() ? lines.get(i + 1) : "";
        if (!next.isBlank() && !Character.isWhitespace(next.charAt(0)) && !next.startsWith("INFO")
            && !next.startsWith("WARN") && !next.startsWith("ERROR")) {
          return Optional.of(next.strip());
        }
        int dash = line.indexOf(" - ");
        return Optional.of(dash < 0 ? line : line.substring(dash + 3));
      }
    }
    return Optional.empty();
  }

  private static String readEnd(Path file, long offset) {
    try (SeekableByteChannel channel = Files.newByteChannel(file)) {
      long size = channel.size();
      // A file smaller than the offset was rolled over since: all of it is new.
      long from = Math.max(offset <= size ? offset : 0, size - MAX_BYTES);
      ByteBuffer buffer = ByteBuffer.allocate((int) (size - from));
      channel.position(from);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // read until the buffer is full or the file ends
      }
      return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
