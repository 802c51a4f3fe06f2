package io.mailcluster.smtp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.smtp.session.Resolution;
import io.mailcluster.testing.LogCapturing;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A real SMTP client (Jakarta Mail, Angus) delivers through the listener. */
@ExtendWith(LogCapturing.class)
class JakartaMailDeliveryTest {

  private final ActorTestKit testKit = ActorTestKit.create("JakartaMailDeliveryTest",
      ConfigFactory.parseResources("smtp-transport-test.conf")
          .withFallback(ConfigFactory.load()).resolve());

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void jakartaMailDeliversToTwoRecipientsWithPipelining() throws Exception {
    FakeStore store = new FakeStore();
    RecipientResolver resolver = (address, declaredSize) -> CompletableFuture.completedFuture(
        address.endsWith("@example.test")
            ? new Resolution.Local(List.of(address)) : new Resolution.NotOurDomain());
    SmtpServer server = SmtpServer.start(testKit.system(), "127.0.0.1", 0, resolver, store)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);

    Properties props = new Properties();
    props.put("mail.smtp.host", "127.0.0.1");
    props.put("mail.smtp.port", String.valueOf(server.localAddress().getPort()));
    props.put("mail.smtp.localhost", "client.test");
    props.put("mail.smtp.connectiontimeout", "10000");
    props.put("mail.smtp.timeout", "10000");
    props.put("mail.smtp.pipelining", "true");
    Session session = Session.getInstance(props);
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress("alice@example.org"));
    message.setRecipients(Message.RecipientType.TO, "bob@example.test, carol@example.test");
    message.setSubject("Hello from Jakarta Mail");
    message.setText("First line.\n.A line starting with a dot.\nLast line.\n");
    Transport.send(message);

    assertEquals(1, store.stored.size());
    FakeStore.Stored stored = store.stored.get(0);
    assertEquals(List.of("bob@example.test", "carol@example.test"),
        stored.envelope().recipients());
    String content = stored.content();
    assertTrue(content.startsWith("Return-Path: <alice@example.org>\r\nReceived: from client.test"),
        content);
    assertTrue(content.contains("Subject: Hello from Jakarta Mail\r\n"), content);
    assertTrue(content.contains("\r\n.A line starting with a dot.\r\nLast line.\r\n"), content);
  }
}
