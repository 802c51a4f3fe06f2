package io.mailcluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.pekko.Done;
import org.apache.pekko.pattern.StatusReply;

/** Assertions on StatusReply answers. */
final class Replies {

  private Replies() {}

  static void assertAck(StatusReply<Done> reply) {
    assertTrue(reply.isSuccess(), () -> "expected success but got " + reply);
    assertEquals(Done.getInstance(), reply.getValue());
  }

  static <T> T assertSuccess(StatusReply<T> reply) {
    assertTrue(reply.isSuccess(), () -> "expected success but got " + reply);
    return reply.getValue();
  }

  static void assertRejected(StatusReply<?> reply, Rejection.Kind kind, String message) {
    assertTrue(reply.isError(), () -> "expected " + kind + " but got " + reply);
    Rejection rejection = assertInstanceOf(Rejection.class, reply.getError());
    assertEquals(kind, rejection.kind());
    assertEquals(message, rejection.getMessage());
  }
}
