package io.mailcluster.smtp.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A plain socket SMTP client that reads exact reply lines, each read bounded by 10 s. */
final class RawClient implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawClient(InetSocketAddress server) throws IOException {
    socket = new Socket();
    socket.connect(server, 10_000);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** One line without its CRLF; fails if the line does not end in CRLF; null at EOF. */
  String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      line.write(b);
      byte[] bytes = line.toByteArray();
      int n = bytes.length;
      if (n >= 2 && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
        return new String(bytes, 0, n - 2, StandardCharsets.UTF_8);
      }
    }
    if (line.size() > 0) {
      throw new AssertionError("unterminated line at EOF: " + line);
    }
    return null;
  }

  /** All lines of one (possibly multi-line) reply. */
  List<String> readReply() throws IOException {
    List<String> lines = new ArrayList<>();
    String line;
    do {
      line = readLine();
      if (line == null) {
        throw new AssertionError("EOF inside a reply after " + lines);
      }
      lines.add(line);
    } while (line.length() > 3 && line.charAt(3) == '-');
    return lines;
  }

  void send(String text) throws IOException {
    write(text.getBytes(StandardCharsets.UTF_8));
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Sends one command line and returns the last line of its reply. */
  String command(String line) throws IOException {
    send(line + "\r\n");
    List<String> reply = readReply();
    return reply.get(reply.size() - 1);
  }

  /** True when the server closed the connection (EOF, or a reset after our last write). */
  boolean closedByServer() throws IOException {
    try {
      return in.read() == -1;
    } catch (java.net.SocketException reset) {
      return true;
    }
  }

  /** Half-closes: the client sends FIN but keeps reading. */
  void finishSending() throws IOException {
    socket.shutdownOutput();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
