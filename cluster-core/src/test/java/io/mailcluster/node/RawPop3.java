package io.mailcluster.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A line-oriented POP3 client on a raw socket. */
final class RawPop3 implements AutoCloseable {
  private final Socket socket;
  private final BufferedReader in;
  private final OutputStream out;
  private String last;

  private RawPop3(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(30_000);
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    out = socket.getOutputStream();
  }

  static RawPop3 connect(int port) throws IOException {
    RawPop3 client = new RawPop3(port);
    String greeting = client.readLine();
    if (greeting == null || !greeting.startsWith("+OK")) {
      client.close();
      throw new IOException("no greeting: " + greeting);
    }
    return client;
  }

  static RawPop3 login(int port, String user, String password) throws IOException {
    RawPop3 client = connect(port);
    client.command("USER " + user);
    client.command("PASS " + password);
    return client;
  }

  String command(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    last = readLine();
    return last;
  }

  /** A multi-line response's lines, without the status and the final dot. */
  List<String> multiLine(String line) throws IOException {
    String status = command(line);
    if (!status.startsWith("+OK")) {
      throw new IOException(line + ": " + status);
    }
    List<String> lines = new ArrayList<>();
    for (String l = readLine(); !".".equals(l); l = readLine()) {
      lines.add(l);
    }
    return lines;
  }

  String last() {
    return last;
  }

  String readLine() throws IOException {
    return in.readLine();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
