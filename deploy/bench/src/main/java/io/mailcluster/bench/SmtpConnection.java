package io.mailcluster.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One blocking SMTP client connection that sends several messages in turn. {@link #send}
 * answers the time from the moment the end of DATA ({@code CRLF.CRLF}) was written to the
 * moment the final reply arrived, or throws {@link Refused} with the reply.
 */
final class SmtpConnection implements AutoCloseable {

  /** The server answered a command with an unexpected reply; the connection is still usable. */
  static final class Refused extends Exception {
    Refused(String reply) {
      super(reply);
    }
  }

  private static final byte[] END_OF_DATA = ".\r\n".getBytes(StandardCharsets.US_ASCII);
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final StringBuilder line = new StringBuilder();

  SmtpConnection(InetSocketAddress server, String heloName, int timeoutMillis) throws IOException {
    socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(server.getHostString(), server.getPort()), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream(), 8192);
      out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
      expect("220");
      command("EHLO " + heloName, "250");
    } catch (IOException | Refused | RuntimeException e) {
      socket.close();
      throw e instanceof IOException io ? io : new IOException("no session with " + server + ": " + e.getMessage(), e);
    }
  }

  /** One transaction; {@code content} must end with CRLF and need no dot-stuffing. */
  long send(String from, String to, byte[] content) throws IOException, Refused {
    command("MAIL FROM:<" + from + "> SIZE=" + content.length, "250");
    command("RCPT TO:<" + to + ">", "250");
    command("DATA", "354");
    out.write(content);
    out.write(END_OF_DATA);
    out.flush();
    long written = System.nanoTime();
    String reply = reply();
    long answered = System.nanoTime();
    if (!reply.startsWith("250")) {
      throw new Refused(reply);
    }
    return answered - written;
  }

  private void command(String command, String code) throws IOException, Refused {
    out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    expect(code);
  }

  private void expect(String code) throws IOException, Refused {
    String reply = reply();
    if (!reply.startsWith(code)) {
      throw new Refused(reply);
    }
  }

  /** The last line of the next reply, without its CRLF. */
  private String reply() throws IOException {
    while (true) {
      String next = readLine();
      if (next.length() < 4 || next.charAt(3) != '-') {
        return next;
      }
    }
  }

  private String readLine() throws IOException {
    line.setLength(0);
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("connection closed by the server");
      }
      if (line.length() > 4096) {
        throw new IOException("reply line too long");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() {
    try {
      out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      reply();
    } catch (IOException e) {
      // the server may already have closed; closing the socket is all that is left
    } finally {
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }
}
