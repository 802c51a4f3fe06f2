package io.mailcluster.node;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bare IMAP client on a socket, for what the library clients cannot show: untagged lines as
 * they arrive (IDLE), exact response codes, QRESYNC. Literals are read whole and kept as text
 * inside the line that announced them.
 */
final class RawImap implements AutoCloseable {

  private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)}$");

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private int tags;

  private RawImap(int port, boolean buffered) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(30_000);
    in = buffered
        ? new BufferedInputStream(socket.getInputStream(), 64 * 1024)
        : socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** Connects and reads the greeting. */
  static RawImap connect(int port) throws IOException {
    RawImap imap = new RawImap(port, false);
    String greeting = imap.line();
    if (!greeting.startsWith("* OK")) {
      imap.close();
      throw new IOException("unexpected greeting: " + greeting);
    }
    return imap;
  }

  /** Connects, reads the greeting and logs in. */
  static RawImap login(int port, String user, String password) throws IOException {
    return login(port, user, password, false);
  }

  /**
   * As {@link #login(int, String, String)}, reading the socket through a buffer when
   * {@code buffered}: a 100,000-line FETCH answer read byte by byte costs the client seconds.
   */
  static RawImap login(int port, String user, String password, boolean buffered)
      throws IOException {
    RawImap imap = new RawImap(port, buffered);
    String greeting = imap.line();
    if (!greeting.startsWith("* OK")) {
      throw new IOException("unexpected greeting: " + greeting);
    }
    List<String> reply = imap.command("LOGIN \"" + user + "\" \"" + password + "\"");
    if (!last(reply).contains(" OK ")) {
      throw new IOException("login failed: " + reply);
    }
    return imap;
  }

  /** Sends a tagged command and answers every line up to and including its tagged response. */
  List<String> command(String text) throws IOException {
    return command(text, Duration.ofSeconds(30));
  }

  /** As {@link #command(String)}, waiting up to {@code timeout} for the tagged response. */
  List<String> command(String text, Duration timeout) throws IOException {
    String tag = "t" + (++tags);
    send(tag + " " + text);
    return until(l -> l.startsWith(tag + " "), timeout);
  }

  /**
   * APPEND of {@code message} (CRLF line ends) with a non-synchronizing literal (LITERAL-, so
   * at most 4096 octets): one round trip.
   */
  List<String> append(String folder, String flags, String message) throws IOException {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    return command("APPEND \"" + folder + "\" (" + flags + ") {" + bytes.length + "+}\r\n" + message);
  }

  void send(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Lines until one matches, within {@code timeout}; fails on timeout. */
  List<String> until(Predicate<String> last, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> lines = new ArrayList<>();
    while (true) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new SocketTimeoutException("no matching line within " + timeout + "; got " + lines);
      }
      socket.setSoTimeout((int) Math.max(1, left));
      String line = line();
      lines.add(line);
      if (last.test(line)) {
        socket.setSoTimeout(30_000);
        return lines;
      }
    }
  }

  /** One response line; a literal it announces is read and appended to it. */
  String line() throws IOException {
    StringBuilder text = new StringBuilder(raw());
    Matcher m = LITERAL.matcher(text);
    while (m.find()) {
      int size = Integer.parseInt(m.group(1));
      text.append("\r\n").append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
      String rest = raw();
      text.append(rest);
      m = LITERAL.matcher(rest);
    }
    return text.toString();
  }

  private String raw() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, Math.max(0, bytes.length - 1), StandardCharsets.UTF_8);
      }
      line.write(c);
    }
    throw new IOException("connection closed; partial line: " + line);
  }

  static String last(List<String> lines) {
    return lines.get(lines.size() - 1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
