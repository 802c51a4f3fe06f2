package io.mailcluster.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mailcluster.proxy.ProxyHeaderDecoder.Failed;
import io.mailcluster.proxy.ProxyHeaderDecoder.NeedMore;
import io.mailcluster.proxy.ProxyHeaderDecoder.Parsed;
import io.mailcluster.proxy.ProxyHeaderDecoder.Result;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row is decoded whole, split in two at every byte position, and one byte at a time;
 * the outcome (header, bytes after it, or the reason of the failure) must not depend on the
 * split.
 */
class ProxyHeaderDecoderTest {

  /** The smallest max-v2-length allowed, so the limit rows stay small. */
  private static final int MAX_V2 = 216;
  private static final ByteString SMTP = ascii("EHLO client.test\r\n");

  static Stream<Arguments> rows() {
    String v1Longest = "PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff "
        + "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n";
    String unknown107 = "PROXY UNKNOWN " + "x".repeat(107 - 16) + "\r\n";
    String unknown108 = "PROXY UNKNOWN " + "x".repeat(108 - 16) + "\r\n";
    return Stream.of(
        // version 1
        row("v1Tcp4WithTheClientsFirstCommandBehind",
            ascii("PROXY TCP4 203.0.113.7 192.0.2.10 56324 25\r\n").concat(SMTP),
            relayed("203.0.113.7", 56324, "192.0.2.10", 25, SMTP)),
        row("v1Tcp4Alone", ascii("PROXY TCP4 0.0.0.0 255.255.255.255 0 65535\r\n"),
            relayed("0.0.0.0", 0, "255.255.255.255", 65535, ByteString.emptyByteString())),
        row("v1Tcp6Compressed", ascii("PROXY TCP6 2001:db8::7 2001:db8::1 40000 143\r\n"),
            relayed("2001:db8::7", 40000, "2001:db8::1", 143, ByteString.emptyByteString())),
        row("v1Tcp6Full", ascii("PROXY TCP6 2001:0DB8:0:0:0:0:0:7 :: 1 2\r\n"),
            relayed("2001:db8::7", 1, "::", 2, ByteString.emptyByteString())),
        row("v1Tcp6WithIpv4Tail", ascii("PROXY TCP6 64:ff9b::203.0.113.7 ::1 1 2\r\n"),
            relayed("64:ff9b::cb00:7107", 1, "::1", 2, ByteString.emptyByteString())),
        row("v1LongestTcp6", ascii(v1Longest), relayed("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            65535, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 65535, ByteString.emptyByteString())),
        row("v1Unknown", ascii("PROXY UNKNOWN\r\n").concat(SMTP),
            new Parsed(new ProxyHeader.Unknown(), SMTP)),
        row("v1UnknownIgnoresTheRestOfItsLine", ascii("PROXY UNKNOWN ::1 ::1 1 2\r\n"),
            new Parsed(new ProxyHeader.Unknown(), ByteString.emptyByteString())),
        row("v1Of107BytesIsAccepted", ascii(unknown107),
            new Parsed(new ProxyHeader.Unknown(), ByteString.emptyByteString())),
        row("v1Of108BytesIsRejected", ascii(unknown108),
            new Failed("v1 header longer than 107 bytes")),
        row("v1Of107BytesWithoutCrlfIsRejected", ascii("PROXY UNKNOWN " + "x".repeat(93)),
            new Failed("v1 header longer than 107 bytes")),
        row("v1WithoutCrlfWaits", ascii("PROXY TCP4 203.0.113.7 192.0.2.10 56324 25"),
            new NeedMore()),
        row("v1WithCrWaitsForLf", ascii("PROXY TCP4 203.0.113.7 192.0.2.10 56324 25\r"),
            new NeedMore()),
        row("v1PrefixWaits", ascii("PROX"), new NeedMore()),
        row("v1BareLf", ascii("PROXY TCP4 203.0.113.7 192.0.2.10 56324 25\n"),
            new Failed("v1 header: LF without CR")),
        row("v1CrWithoutLf", ascii("PROXY UNKNOWN\rEHLO"), new Failed("v1 header: CR without LF")),
        row("v1NulByte", ascii("PROXY TCP4 1.2.3.4\0"),
            new Failed("v1 header: byte 0 is not printable ASCII")),
        row("v1EightBitByte", utf8("PROXY TCP4 1.2.3.\u00e9"),
            new Failed("v1 header: byte 195 is not printable ASCII")),
        row("lowerCaseIsNoHeader", ascii("proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n"),
            new Failed("no PROXY header")),
        row("smtpCommandIsNoHeader", SMTP, new Failed("no PROXY header")),
        row("almostProxyIsNoHeader", ascii("PROXYTCP4"), new Failed("no PROXY header")),
        row("v1UnknownProtocol", ascii("PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n"),
            new Failed("v1 header: unknown protocol")),
        row("v1MissingPort", ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n"),
            new Failed("v1 header: expected PROXY TCP4|TCP6 src dst sport dport")),
        row("v1DoubleSpace", ascii("PROXY TCP4  1.2.3.4 5.6.7.8 1 2\r\n"),
            new Failed("v1 header: expected PROXY TCP4|TCP6 src dst sport dport")),
        row("v1TrailingSpace", ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 \r\n"),
            new Failed("v1 header: expected PROXY TCP4|TCP6 src dst sport dport")),
        row("v1Tcp4WithIpv6", ascii("PROXY TCP4 ::1 5.6.7.8 1 2\r\n"),
            new Failed("v1 header: bad TCP4 address")),
        row("v1Tcp6WithIpv4", ascii("PROXY TCP6 1.2.3.4 ::1 1 2\r\n"),
            new Failed("v1 header: bad TCP6 address")),
        row("v1HostNameIsNotLookedUp", ascii("PROXY TCP4 localhost 5.6.7.8 1 2\r\n"),
            new Failed("v1 header: bad TCP4 address")),
        row("v1OctetOver255", ascii("PROXY TCP4 1.2.3.256 5.6.7.8 1 2\r\n"),
            new Failed("v1 header: bad TCP4 address")),
        row("v1OctetWithLeadingZero", ascii("PROXY TCP4 1.2.3.04 5.6.7.8 1 2\r\n"),
            new Failed("v1 header: bad TCP4 address")),
        row("v1ThreeOctets", ascii("PROXY TCP4 1.2.3 5.6.7.8 1 2\r\n"),
            new Failed("v1 header: bad TCP4 address")),
        row("v1TwoGaps", ascii("PROXY TCP6 1::2::3 ::1 1 2\r\n"),
            new Failed("v1 header: bad TCP6 address")),
        row("v1NineGroups", ascii("PROXY TCP6 1:2:3:4:5:6:7:8:9 ::1 1 2\r\n"),
            new Failed("v1 header: bad TCP6 address")),
        row("v1SevenGroups", ascii("PROXY TCP6 1:2:3:4:5:6:7 ::1 1 2\r\n"),
            new Failed("v1 header: bad TCP6 address")),
        row("v1GroupOfFiveDigits", ascii("PROXY TCP6 12345:: ::1 1 2\r\n"),
            new Failed("v1 header: bad TCP6 address")),
        row("v1Zone", ascii("PROXY TCP6 fe80::1%eth0 ::1 1 2\r\n"),
            new Failed("v1 header: bad TCP6 address")),
        row("v1LoneColon", ascii("PROXY TCP6 :1:2:3:4:5:6:7 ::1 1 2\r\n"),
            new Failed("v1 header: bad TCP6 address")),
        row("v1PortOver65535", ascii("PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n"),
            new Failed("v1 header: bad port")),
        row("v1PortWithLeadingZero", ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 025\r\n"),
            new Failed("v1 header: bad port")),
        row("v1NegativePort", ascii("PROXY TCP4 1.2.3.4 5.6.7.8 -1 2\r\n"),
            new Failed("v1 header: bad port")),
        // version 2
        row("v2Inet", v2(0x21, 0x11, inet("203.0.113.7", "192.0.2.10", 56324, 25)).concat(SMTP),
            relayed("203.0.113.7", 56324, "192.0.2.10", 25, SMTP)),
        row("v2Inet6", v2(0x21, 0x21, inet("2001:db8::7", "2001:db8::1", 40000, 993)),
            relayed("2001:db8::7", 40000, "2001:db8::1", 993, ByteString.emptyByteString())),
        row("v2TlvsAreSkipped", v2(0x21, 0x11, inet("203.0.113.7", "192.0.2.10", 1, 2)
                .concat(bytes(0x04, 0x00, 0x04, 'a', 'b', 'c', 'd'))).concat(SMTP),
            relayed("203.0.113.7", 1, "192.0.2.10", 2, SMTP)),
        row("v2DatagramStillNamesTheClient", v2(0x21, 0x12, inet("203.0.113.7", "192.0.2.10", 1, 2)),
            relayed("203.0.113.7", 1, "192.0.2.10", 2, ByteString.emptyByteString())),
        row("v2LocalIsAHealthCheck", v2(0x20, 0x00, ByteString.emptyByteString()).concat(SMTP),
            new Parsed(new ProxyHeader.Local(), SMTP)),
        row("v2LocalIgnoresItsAddresses", v2(0x20, 0x11, inet("203.0.113.7", "192.0.2.10", 1, 2)),
            new Parsed(new ProxyHeader.Local(), ByteString.emptyByteString())),
        row("v2UnspecifiedFamilyKeepsTheSocketAddress", v2(0x21, 0x00, ByteString.emptyByteString()),
            new Parsed(new ProxyHeader.Unknown(), ByteString.emptyByteString())),
        row("v2UnixKeepsTheSocketAddress", v2(0x21, 0x31, zeros(216)),
            new Parsed(new ProxyHeader.Unknown(), ByteString.emptyByteString())),
        row("v2AtTheLengthLimit", v2(0x21, 0x11, inet("203.0.113.7", "192.0.2.10", 1, 2)
                .concat(bytes(0x04, 0x00, MAX_V2 - 12 - 3)).concat(zeros(MAX_V2 - 12 - 3))),
            relayed("203.0.113.7", 1, "192.0.2.10", 2, ByteString.emptyByteString())),
        row("v2OverTheLengthLimit", v2(0x21, 0x11, zeros(MAX_V2 + 1)),
            new Failed("v2 header: 217 bytes of addresses and TLVs, more than 216 (max-v2-length)")),
        row("v2HugeDeclaredLengthFailsAtOnce", signature().concat(bytes(0x21, 0x11, 0xff, 0xff)),
            new Failed("v2 header: 65535 bytes of addresses and TLVs, more than 216 (max-v2-length)")),
        row("v2TooShortForInet", v2(0x21, 0x11, zeros(11)),
            new Failed("v2 header: 11 bytes cannot hold the addresses of family 1")),
        row("v2TooShortForInet6", v2(0x21, 0x21, zeros(35)),
            new Failed("v2 header: 35 bytes cannot hold the addresses of family 2")),
        row("v2SignatureWaits", signature(), new NeedMore()),
        row("v2AddressesWait", v2(0x21, 0x11, inet("203.0.113.7", "192.0.2.10", 1, 2)).take(20),
            new NeedMore()),
        row("v2BadSignature", signature().take(11).concat(bytes('X', 0x21, 0x11, 0, 0)),
            new Failed("no PROXY header (bad v2 signature)")),
        row("bareCrlfIsNoHeader", ascii("\r\nEHLO"), new Failed("no PROXY header (bad v2 signature)")),
        row("v2Version1", v2(0x11, 0x11, inet("203.0.113.7", "192.0.2.10", 1, 2)),
            new Failed("v2 header: version 1")),
        row("v2UnknownCommand", v2(0x22, 0x11, inet("203.0.113.7", "192.0.2.10", 1, 2)),
            new Failed("v2 header: unknown command 2")),
        row("v2UnknownFamily", v2(0x21, 0x41, zeros(12)),
            new Failed("v2 header: unknown family/transport 65")),
        row("v2UnknownTransport", v2(0x21, 0x13, zeros(12)),
            new Failed("v2 header: unknown family/transport 19")),
        row("emptyInputWaits", ByteString.emptyByteString(), new NeedMore()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decodesTheSameWhateverTheSplit(String name, ByteString input, Result expected) {
    assertEquals(expected, decode(List.of(input)), "whole");
    for (int cut = 0; cut <= input.size(); cut++) {
      assertEquals(expected, decode(List.of(input.take(cut), input.drop(cut))), "split at " + cut);
    }
    List<ByteString> single = new ArrayList<>();
    for (int i = 0; i < input.size(); i++) {
      single.add(input.slice(i, i + 1));
    }
    assertEquals(expected, decode(single), "one byte at a time");
  }

  @Test
  void staysFailedAndRefusesMoreAfterParsing() {
    ProxyHeaderDecoder failed = new ProxyHeaderDecoder(MAX_V2);
    Result first = failed.feed(SMTP);
    assertEquals(first, failed.feed(ascii("PROXY UNKNOWN\r\n")));

    ProxyHeaderDecoder parsed = new ProxyHeaderDecoder(MAX_V2);
    parsed.feed(ascii("PROXY UNKNOWN\r\n"));
    assertThrows(IllegalStateException.class, () -> parsed.feed(SMTP));
  }

  @Test
  void maxV2LengthMustHoldTheLargestAddressBlock() {
    assertThrows(IllegalArgumentException.class, () -> new ProxyHeaderDecoder(215));
    assertThrows(IllegalArgumentException.class, () -> new ProxyHeaderDecoder(65536));
  }

  /** Feeds the chunks until an outcome; the bytes of chunks not fed follow the header. */
  private static Result decode(List<ByteString> chunks) {
    ProxyHeaderDecoder decoder = new ProxyHeaderDecoder(MAX_V2);
    Result result = new NeedMore();
    for (int i = 0; i < chunks.size(); i++) {
      result = decoder.feed(chunks.get(i));
      if (result instanceof Parsed p) {
        ByteString rest = p.remaining();
        for (ByteString unfed : chunks.subList(i + 1, chunks.size())) {
          rest = rest.concat(unfed);
        }
        return new Parsed(p.header(), rest);
      }
      if (result instanceof Failed) {
        return result;
      }
    }
    return result;
  }

  private static Arguments row(String name, ByteString input, Result expected) {
    return Arguments.of(name, input, expected);
  }

  private static Parsed relayed(String source, int sourcePort, String destination,
      int destinationPort, ByteString remaining) {
    return new Parsed(new ProxyHeader.Relayed(address(source, sourcePort),
        address(destination, destinationPort)), remaining);
  }

  /** A literal address (the JDK does not look literals up). */
  private static InetSocketAddress address(String literal, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByName(literal), port);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  static ByteString signature() {
    return bytes(0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A);
  }

  /** A version 2 header: signature, the two given bytes, the length of {@code block}, block. */
  static ByteString v2(int versionCommand, int familyTransport, ByteString block) {
    return signature()
        .concat(bytes(versionCommand, familyTransport, block.size() >> 8, block.size() & 0xff))
        .concat(block);
  }

  /** The address block of INET or INET6: source, destination, source port, destination port. */
  static ByteString inet(String source, String destination, int sourcePort, int destinationPort) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(address(source, 0).getAddress().getAddress());
    out.writeBytes(address(destination, 0).getAddress().getAddress());
    out.writeBytes(new byte[] {(byte) (sourcePort >> 8), (byte) sourcePort,
        (byte) (destinationPort >> 8), (byte) destinationPort});
    return ByteString.fromArray(out.toByteArray());
  }

  private static ByteString zeros(int n) {
    return ByteString.fromArray(new byte[n]);
  }

  private static ByteString bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return ByteString.fromArray(b);
  }

  private static ByteString ascii(String s) {
    return ByteString.fromString(s, StandardCharsets.US_ASCII);
  }

  private static ByteString utf8(String s) {
    return ByteString.fromString(s, StandardCharsets.UTF_8);
  }
}
