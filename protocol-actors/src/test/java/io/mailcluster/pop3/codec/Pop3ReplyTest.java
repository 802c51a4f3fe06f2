package io.mailcluster.pop3.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class Pop3ReplyTest {

  @Test
  void encodesStatusLines() {
    assertEquals("+OK 2 320\r\n", Pop3Reply.ok("2 320").encode().utf8String());
    assertEquals("+OK\r\n", Pop3Reply.ok("").encode().utf8String());
    assertEquals("-ERR no such message\r\n", Pop3Reply.err("no such message").encode().utf8String());
    assertEquals("-ERR [IN-USE] locked\r\n",
        Pop3Reply.err(Pop3Reply.ResponseCode.IN_USE, "locked").encode().utf8String());
    assertEquals("-ERR [SYS/TEMP] later\r\n",
        Pop3Reply.err(Pop3Reply.ResponseCode.SYS_TEMP, "later").encode().utf8String());
  }

  @Test
  void multiLineResponsesAreDotStuffedAndEndWithADot() {
    assertEquals("+OK list\r\n1 120\r\n..hidden\r\n.\r\n",
        Pop3Reply.okLines("list", List.of("1 120", ".hidden")).encode().utf8String());
    assertEquals("+OK none\r\n.\r\n", Pop3Reply.okLines("none", List.of()).encode().utf8String());
  }

  @Test
  void refusesTextThatWouldForgeAResponse() {
    assertThrows(IllegalArgumentException.class, () -> Pop3Reply.err("x\r\n+OK"));
    assertThrows(IllegalArgumentException.class, () -> Pop3Reply.okLines("x", List.of("a\nb")));
    assertThrows(IllegalArgumentException.class,
        () -> new Pop3Reply(true, Pop3Reply.ResponseCode.AUTH, "x", null));
  }
}
