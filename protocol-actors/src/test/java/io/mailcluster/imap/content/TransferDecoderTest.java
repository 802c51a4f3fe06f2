package io.mailcluster.imap.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class TransferDecoderTest {

  /** Decodes the input fed in two pieces split at every position, and whole; all must agree. */
  private static String decodeSplitEverywhere(String encoding, String input) {
    ByteString in = ByteString.fromString(input, StandardCharsets.ISO_8859_1);
    String whole = TransferDecoder.forEncoding(encoding).decodeAll(in).decodeString(StandardCharsets.ISO_8859_1);
    for (int cut = 0; cut <= in.size(); cut++) {
      TransferDecoder decoder = TransferDecoder.forEncoding(encoding);
      ByteString out = decoder.decode(in.take(cut)).concat(decoder.decode(in.drop(cut))).concat(decoder.finish());
      assertEquals(whole, out.decodeString(StandardCharsets.ISO_8859_1), "split at " + cut);
    }
    return whole;
  }

  static Stream<Arguments> base64Cases() {
    return Stream.of(
        Arguments.of("SGVsbG8=", "Hello"),
        Arguments.of("SGVs\r\nbG8=\r\n", "Hello"),
        Arguments.of("SGVsbG8", "Hello"),
        Arguments.of("SGVsbA==", "Hell"),
        Arguments.of("SGVsbA==trailing garbage", "Hell"),
        Arguments.of("S G V s b G 8 h", "Hello!"));
  }

  static Stream<Arguments> quotedPrintableCases() {
    return Stream.of(
        Arguments.of("Caf=E9 cr=E8me", "Café crème"),
        Arguments.of("caf=e9", "café"),
        Arguments.of("soft=\r\nbreak", "softbreak"),
        Arguments.of("soft=\nbreak", "softbreak"),
        Arguments.of("soft= \t\r\nbreak", "softbreak"),
        Arguments.of("trailing   \r\nspace", "trailing\r\nspace"),
        Arguments.of("inner  space", "inner  space"),
        Arguments.of("bad =ZZ and =4", "bad =ZZ and =4"),
        Arguments.of("end=", "end"),
        Arguments.of("a=3D=20b", "a= b"));
  }

  @ParameterizedTest
  @MethodSource("base64Cases")
  void base64IsDecodedWhereverTheInputIsSplit(String encoded, String decoded) {
    assertEquals(decoded, decodeSplitEverywhere("base64", encoded));
  }

  @Test
  void base64OfRandomBytesRoundTrips() {
    byte[] bytes = new byte[3001];
    new Random(1).nextBytes(bytes);
    String encoded = Base64.getMimeEncoder().encodeToString(bytes);
    assertEquals(new String(bytes, StandardCharsets.ISO_8859_1), decodeSplitEverywhere("BASE64", encoded));
  }

  @ParameterizedTest
  @MethodSource("quotedPrintableCases")
  void quotedPrintableIsDecodedWhereverTheInputIsSplit(String encoded, String decoded) {
    assertEquals(decoded, decodeSplitEverywhere("quoted-printable", encoded));
  }

  @Test
  void identityEncodingsPassThroughAndUnknownOnesHaveNoDecoder() {
    for (String identity : new String[] {null, "7bit", "8BIT", " binary "}) {
      assertTrue(TransferDecoder.isIdentity(identity));
      assertEquals("a=3D\u0000", decodeSplitEverywhere(identity, "a=3D\u0000"));
    }
    assertNull(TransferDecoder.forEncoding("x-uuencode"));
  }
}
