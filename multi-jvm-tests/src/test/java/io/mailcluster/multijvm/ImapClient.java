package io.mailcluster.multijvm;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A small IMAP client on a raw socket that streams a huge literal in or out without holding it. */
final class ImapClient implements AutoCloseable {

  /** Takes the octets of a literal one at a time. */
  interface OctetSink {
    void accept(int octet) throws IOException;
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private ImapClient(String host, int port) throws IOException {
    socket = new Socket(host, port);
    socket.setSoTimeout(180_000);
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    out = socket.getOutputStream();
  }

  static ImapClient login(String host, int port, String user, String password) throws IOException {
    ImapClient client = new ImapClient(host, port);
    try {
      client.line(); // greeting
      String answer = client.command("a LOGIN \"" + user + "\" \"" + password + "\"");
      if (!answer.startsWith("a OK")) {
        throw new IOException("login refused: " + answer);
      }
      return client;
    } catch (IOException e) {
      client.close();
      throw e;
    }
  }

  /** Sends a command; answers its tagged line (untagged lines before it are skipped). */
  String command(String line) throws IOException {
    send(line);
    String tag = line.substring(0, line.indexOf(' ') + 1);
    String reply;
    do {
      reply = line();
    } while (!reply.startsWith(tag));
    return reply;
  }

  /** Sends a command; answers every line up to and including its tagged one. */
  java.util.List<String> lines(String line) throws IOException {
    send(line);
    String tag = line.substring(0, line.indexOf(' ') + 1);
    java.util.List<String> lines = new java.util.ArrayList<>();
    String reply;
    do {
      reply = line();
      lines.add(reply);
    } while (!reply.startsWith(tag));
    return lines;
  }

  /**
   * APPENDs {@code size} octets from {@code message} with a synchronizing literal; answers the
   * tagged line.
   */
  String append(String mailbox, long size, InputStream message) throws IOException {
    send("b APPEND " + mailbox + " {" + size + "}");
    String go = line();
    if (!go.startsWith("+")) {
      return go;
    }
    message.transferTo(out);
    send("");
    String reply;
    do {
      reply = line();
    } while (!reply.startsWith("b "));
    return reply;
  }

  /**
   * Sends a FETCH whose response carries one literal; feeds its octets to {@code sink} and
   * answers the size the literal announced, or -1 if none came before the tagged line.
   */
  long fetchLiteral(String command, OctetSink sink) throws IOException {
    send(command);
    String line = line();
    if (!line.endsWith("}")) {
      throw new IOException("no literal in " + line);
    }
    long size = Long.parseLong(line.substring(line.lastIndexOf('{') + 1, line.length() - 1));
    for (long i = 0; i < size; i++) {
      int octet = in.read();
      if (octet < 0) {
        throw new IOException("connection closed after " + i + " of " + size + " octets");
      }
      sink.accept(octet);
    }
    String rest = line(); // ")" closing the FETCH
    String tagged = line();
    if (!rest.equals(")") || !tagged.startsWith(command.substring(0, command.indexOf(' ') + 1) + "OK")) {
      throw new IOException("after the literal: " + rest + " / " + tagged);
    }
    return size;
  }

  private void send(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      line.write(c);
    }
    if (c == -1) {
      throw new IOException("connection closed");
    }
    String text = line.toString(StandardCharsets.US_ASCII);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
