package io.mailcluster.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A blocking SMTP client on a plain socket, for tests that need to control every byte: each
 * read is bounded by 30 s, and the last line of every reply read is kept in {@link #replies}.
 */
final class RawSmtp implements AutoCloseable {

  final List<String> replies = new ArrayList<>();
  private final Socket socket;
  private final BufferedReader in;
  private final OutputStream out;

  RawSmtp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(30_000);
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    out = socket.getOutputStream();
  }

  /** A whole transaction on {@code port}; answers every reply kept up to the one after DATA. */
  static List<String> send(int port, List<String> recipients, String body) throws IOException {
    try (RawSmtp smtp = new RawSmtp(port)) {
      smtp.expect("220");
      smtp.command("EHLO client.test", "250");
      smtp.command("MAIL FROM:<sender@remote.test>", "250");
      for (String recipient : recipients) {
        smtp.command("RCPT TO:<" + recipient + ">", "250");
      }
      smtp.command("DATA", "354");
      smtp.write(body + ".\r\n"); // the caller's body is already dot-stuffed
      smtp.read(); // the final reply: 250 only once stored
      smtp.quit();
      return smtp.replies;
    }
  }

  /** The last reply kept, or "" before any. */
  static String last(List<String> replies) {
    return replies.isEmpty() ? "" : replies.get(replies.size() - 1);
  }

  void write(String text) throws IOException {
    write(text.getBytes(StandardCharsets.UTF_8));
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** The next line the server sent, without its line ending; null once it closed. */
  String readLine() throws IOException {
    return in.readLine();
  }

  /** Half-closes: the server sees the end of the client's input; reading goes on. */
  void finishSending() throws IOException {
    socket.shutdownOutput();
  }

  /** Every line of the next reply; its last line is kept in {@link #replies}. */
  List<String> readReply() throws IOException {
    List<String> lines = new ArrayList<>();
    String line;
    do {
      line = in.readLine();
      if (line == null) {
        throw new IOException("connection closed after " + replies + " and " + lines);
      }
      lines.add(line);
    } while (line.length() > 3 && line.charAt(3) == '-');
    replies.add(line);
    return lines;
  }

  /** The last line of the next reply. */
  String read() throws IOException {
    List<String> lines = readReply();
    return lines.get(lines.size() - 1);
  }

  void expect(String code) throws IOException {
    String reply = read();
    if (!reply.startsWith(code)) {
      throw new AssertionError("expected " + code + ", got " + replies);
    }
  }

  void command(String line, String code) throws IOException {
    write(line + "\r\n");
    expect(code);
  }

  /** QUIT; its 221 is not kept, so the last reply kept is the one the test is about. */
  void quit() throws IOException {
    write("QUIT\r\n");
    read();
    replies.remove(replies.size() - 1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
