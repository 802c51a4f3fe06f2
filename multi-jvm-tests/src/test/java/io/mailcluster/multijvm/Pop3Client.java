package io.mailcluster.multijvm;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A small POP3 client on a raw socket that can read a huge RETR without holding it. */
final class Pop3Client implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  Pop3Client(String host, int port) throws IOException {
    socket = new Socket(host, port);
    socket.setSoTimeout(180_000);
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    out = socket.getOutputStream();
  }

  /** Connects and logs in; returns the answer to PASS. */
  static Pop3Client login(String host, int port, String user, String password, StringBuilder answer)
      throws IOException {
    Pop3Client client = new Pop3Client(host, port);
    try {
      client.line(); // greeting
      client.command("USER " + user);
      answer.append(client.command("PASS " + password));
      return client;
    } catch (IOException e) {
      client.close();
      throw e;
    }
  }

  String command(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    return line();
  }

  /**
   * Sends RETR and hands the un-stuffed message octets to {@code body}, one at a time, up to
   * the terminating dot line; returns the status line.
   */
  String retrieve(int message, OctetSink body) throws IOException {
    String status = command("RETR " + message);
    if (!status.startsWith("+OK")) {
      return status;
    }
    boolean lineStart = true;
    while (true) {
      int b = read();
      if (lineStart && b == '.') {
        int next = read();
        if (next == '\r') {
          if (read() != '\n') {
            throw new IOException("bad terminator");
          }
          return status;
        }
        b = next; // a stuffed dot: the first one is dropped
      }
      body.accept(b);
      lineStart = b == '\n';
    }
  }

  interface OctetSink {
    void accept(int octet) throws IOException;
  }

  String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = read(); b != '\n'; b = read()) {
      line.write(b);
    }
    String text = line.toString(StandardCharsets.UTF_8);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  private int read() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new IOException("connection closed by the server");
    }
    return b;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
