package io.mailcluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.testing.LogCapturing;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.remote.serialization.MiscMessageSerializer;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A Rejection inside a StatusReply keeps its kind and message across serialization. */
@ExtendWith(LogCapturing.class)
class RejectionSerializationTest {

  /** A real system configured only by the reference.conf files, ours included. */
  private static final ActorTestKit testKit =
      ActorTestKit.create("RejectionSerializationTest", ConfigFactory.load());

  private static final Serialization serialization =
      SerializationExtension.get(testKit.system().classicSystem());

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static Object roundTrip(Object message) {
    Serializer serializer = serialization.findSerializerFor(message);
    byte[] bytes = serializer.toBinary(message);
    String manifest = Serializers.manifestFor(serializer, message);
    return serialization.deserialize(bytes, serializer.identifier(), manifest).get();
  }

  @Test
  void javaSerializationIsOffAndRejectionUsesJacksonCbor() throws Exception {
    assertFalse(testKit.system().settings().config().getBoolean("pekko.actor.allow-java-serialization"));
    assertInstanceOf(JacksonCborSerializer.class, serialization.serializerFor(Rejection.class));
    assertInstanceOf(
        MiscMessageSerializer.class,
        serialization.findSerializerFor(StatusReply.error(Rejection.conflict("x"))));
  }

  @ParameterizedTest
  @EnumSource(Rejection.Kind.class)
  void statusReplyErrorKeepsKindAndMessage(Rejection.Kind kind) {
    StatusReply<Object> reply = StatusReply.error(new Rejection(kind, "account a@example.com: nö"));

    StatusReply<?> back = assertInstanceOf(StatusReply.class, roundTrip(reply));

    assertTrue(back.isError());
    Rejection rejection = assertInstanceOf(Rejection.class, back.getError());
    assertEquals(kind, rejection.kind());
    assertEquals("account a@example.com: nö", rejection.getMessage());
    assertEquals(kind, Rejection.kindOf(new CompletionException(back.getError())));
    assertEquals("account a@example.com: nö", Rejection.messageOf(back.getError()));
  }

  @Test
  void bareRejectionKeepsKindAndMessageWithoutStackTrace() {
    Rejection back = assertInstanceOf(Rejection.class, roundTrip(Rejection.notFound("gone")));
    assertEquals(Rejection.notFound("gone"), back);
    assertEquals(0, back.getStackTrace().length);
  }

  @Test
  void kindOfSeesThroughFutureWrappers() {
    Rejection rejection = Rejection.invalid("bad");
    assertEquals(Rejection.Kind.INVALID, Rejection.kindOf(rejection));
    assertEquals(
        Rejection.Kind.INVALID,
        Rejection.kindOf(new ExecutionException(new CompletionException(rejection))));
    assertEquals("bad", Rejection.messageOf(new CompletionException(rejection)));
  }

  @Test
  void otherErrorsHaveNoKind() {
    assertNull(Rejection.kindOf(new TimeoutException("Ask timed out")));
    assertEquals("Ask timed out", Rejection.messageOf(new TimeoutException("Ask timed out")));
    assertNull(Rejection.kindOf(StatusReply.error("plain text").getError()));
    assertNull(Rejection.kindOf(null));
    assertEquals(IllegalStateException.class.getName(), Rejection.messageOf(new IllegalStateException()));
  }
}
