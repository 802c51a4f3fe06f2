package io.mailcluster.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.control.Rejection;
import org.apache.pekko.pattern.StatusReply;

/** Assertions on StatusReply answers. */
final class Replies {

  private Replies() {}

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
