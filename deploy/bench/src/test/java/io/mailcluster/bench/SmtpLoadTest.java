package io.mailcluster.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The load client against two in-process fake SMTP servers standing in for two nodes. */
class SmtpLoadTest {

  private final List<FakeServer> servers = new ArrayList<>();

  @AfterEach
  void stopServers() throws Exception {
    for (FakeServer server : servers) {
      server.close();
    }
  }

  @Test
  void reusesConnectionsSpreadsThemOverNodesAndRecipientsOverMailboxes() throws Exception {
    FakeServer one = start(null);
    FakeServer two = start(null);
    BenchOptions options = BenchOptions.parse("--smtp", one.endpoint() + "," + two.endpoint(),
        "--senders", "3", "--messages", "60", "--per-connection", "5", "--mailboxes", "7");

    SmtpLoad.Outcome outcome = new SmtpLoad(options, "t").run(60);

    assertEquals(60, outcome.accepted());
    assertEquals(0, outcome.errors(), outcome.firstErrors().toString());
    assertEquals(60, outcome.latencies().count());
    assertEquals(60, one.messages.get() + two.messages.get());
    // 5 messages per connection; a sender's last connection may carry fewer
    int connections = one.connections.get() + two.connections.get();
    assertTrue(connections >= 12 && connections <= 15, "connections: " + connections);
    assertTrue(one.connections.get() >= 4 && two.connections.get() >= 4,
        "connections on both nodes: " + one.connections + " / " + two.connections);
    Map<String, Integer> perMailbox = new ConcurrentHashMap<>();
    one.recipients.forEach((k, v) -> perMailbox.merge(k, v, Integer::sum));
    two.recipients.forEach((k, v) -> perMailbox.merge(k, v, Integer::sum));
    assertEquals(7, perMailbox.size(), perMailbox.toString());
    assertTrue(perMailbox.values().stream().allMatch(n -> n == 8 || n == 9), perMailbox.toString());
    assertEquals(10_240, one.lastSize.get() > 0 ? one.lastSize.get() : two.lastSize.get());
  }

  @Test
  void refusedMessagesAreCountedAsErrorsAndTheRestGoOn() throws Exception {
    FakeServer refusing = start("bench-2@bench.test");
    BenchOptions options = BenchOptions.parse("--smtp", refusing.endpoint(), "--messages", "10", "--mailboxes", "2");

    SmtpLoad.Outcome outcome = new SmtpLoad(options, "t").run(10);

    assertEquals(5, outcome.accepted());
    assertEquals(5, outcome.errors());
    assertTrue(outcome.firstErrors().get(0).contains("550 5.1.1"), outcome.firstErrors().toString());
    assertTrue(SmtpBench.summary(options, outcome, "nproc=1").contains(" accepted=5 errors=5 "));
  }

  private FakeServer start(String refusedRecipient) throws IOException {
    FakeServer server = new FakeServer(refusedRecipient);
    servers.add(server);
    return server;
  }

  /** Accepts every transaction (except to one refused recipient) and counts what it saw. */
  static final class FakeServer implements AutoCloseable {

    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger messages = new AtomicInteger();
    final AtomicInteger lastSize = new AtomicInteger();
    final Map<String, Integer> recipients = new ConcurrentHashMap<>();
    private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    private final String refused;
    private final List<Thread> threads = new ArrayList<>();

    FakeServer(String refused) throws IOException {
      this.refused = refused;
      Thread acceptor = new Thread(this::accept, "fake-smtp-accept");
      acceptor.start();
      threads.add(acceptor);
    }

    String endpoint() {
      return "127.0.0.1:" + socket.getLocalPort();
    }

    private void accept() {
      try {
        while (true) {
          Socket client = socket.accept();
          connections.incrementAndGet();
          Thread session = new Thread(() -> serve(client), "fake-smtp-session");
          session.start();
        }
      } catch (IOException closed) {
        // the test is over
      }
    }

    private void serve(Socket client) {
      try (client) {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = client.getOutputStream();
        reply(out, "220 fake ESMTP");
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("EHLO")) {
            reply(out, "250-fake\r\n250 SIZE 1000000");
          } else if (line.startsWith("RCPT TO:<")) {
            String to = line.substring(9, line.indexOf('>'));
            if (to.equals(refused)) {
              reply(out, "550 5.1.1 no such user");
            } else {
              recipients.merge(to, 1, Integer::sum);
              reply(out, "250 ok");
            }
          } else if (line.equals("DATA")) {
            reply(out, "354 go on");
            int size = 0;
            while (!(line = in.readLine()).equals(".")) {
              size += line.length() + 2;
            }
            lastSize.set(size);
            messages.incrementAndGet();
            reply(out, "250 2.0.0 stored");
          } else if (line.equals("QUIT")) {
            reply(out, "221 bye");
            return;
          } else {
            reply(out, "250 ok");
          }
        }
      } catch (IOException e) {
        // client went away
      }
    }

    private static void reply(OutputStream out, String text) throws IOException {
      out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    @Override
    public void close() throws Exception {
      socket.close();
      for (Thread thread : threads) {
        thread.join(10_000);
      }
    }
  }
}
