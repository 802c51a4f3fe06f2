package io.mailcluster.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.apache.pekko.util.ByteString;

/**
 * Incremental, bounded parser of one PROXY protocol header (HAProxy's proxy-protocol.txt,
 * versions 1 and 2) at the start of a connection. Feed it the connection's bytes as they come;
 * it answers {@link NeedMore} until it has the whole header, then {@link Parsed} with the
 * bytes that followed the header, or {@link Failed} as soon as the bytes cannot be a header.
 *
 * <p>Version 1 is one text line: {@code PROXY TCP4|TCP6 src dst sport dport CRLF} or
 * {@code PROXY UNKNOWN ... CRLF}, at most {@value #V1_MAX_LENGTH} bytes with its CRLF.
 * Version 2 is binary: the {@value #V2_SIGNATURE_LENGTH}-byte signature, version and command,
 * family and transport, the length of what follows, the addresses, then TLVs (skipped). The
 * version is told by the first byte, so garbage (or a client speaking SMTP at once) fails at
 * its first byte that no header can have.
 *
 * <p>Holds at most {@value #V2_FIXED_LENGTH} + {@code maxV2Length} bytes. One instance reads
 * one header; after {@link Parsed} the caller passes the rest of the connection on itself.
 */
public final class ProxyHeaderDecoder {

  /** Longest version 1 header, CRLF included (the spec's worst case, "PROXY UNKNOWN" + IPv6). */
  public static final int V1_MAX_LENGTH = 107;
  /** Version 2's signature: CR LF CR LF NUL CR LF "QUIT" LF. */
  public static final int V2_SIGNATURE_LENGTH = 12;
  /** Signature, version/command, family/transport and the two-byte length. */
  public static final int V2_FIXED_LENGTH = 16;

  private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] V2_SIGNATURE = {
      0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
  private static final int V2_VERSION = 2;
  private static final int V2_COMMAND_LOCAL = 0x0;
  private static final int V2_COMMAND_PROXY = 0x1;
  private static final int V2_FAMILY_UNSPEC = 0x0;
  private static final int V2_FAMILY_INET = 0x1;
  private static final int V2_FAMILY_INET6 = 0x2;
  private static final int V2_FAMILY_UNIX = 0x3;
  private static final int V2_TRANSPORT_MAX = 0x2; // UNSPEC 0, STREAM 1, DGRAM 2
  private static final int V2_INET_ADDRESSES = 12; // 4 + 4 + 2 + 2
  private static final int V2_INET6_ADDRESSES = 36; // 16 + 16 + 2 + 2
  private static final int V2_UNIX_ADDRESSES = 216; // 108 + 108
  private static final int MAX_PORT = 65535;

  /** The outcome of {@link #feed}. */
  public sealed interface Result {}

  /** Not a whole header yet, and nothing wrong so far. */
  public record NeedMore() implements Result {}

  /** The header, and the connection's bytes after it (possibly empty). */
  public record Parsed(ProxyHeader header, ByteString remaining) implements Result {
    public Parsed {
      Objects.requireNonNull(header, "header");
      Objects.requireNonNull(remaining, "remaining");
    }
  }

  /** The bytes are not a valid header (or not one within the limits); close the connection. */
  public record Failed(String reason) implements Result {}

  private static final NeedMore NEED_MORE = new NeedMore();

  private final int maxV2Length;
  private ByteString buffered = ByteString.emptyByteString();
  private Result outcome = NEED_MORE;

  /**
   * @param maxV2Length most bytes a version 2 header may declare after its fixed 16 (addresses
   *     and TLVs); at least 216, the size of the largest address block (UNIX)
   */
  public ProxyHeaderDecoder(int maxV2Length) {
    this.maxV2Length = checkMaxV2Length(maxV2Length);
  }

  /** {@code maxV2Length} if it is in 216..65535, else an IllegalArgumentException. */
  static int checkMaxV2Length(int maxV2Length) {
    if (maxV2Length < V2_UNIX_ADDRESSES || maxV2Length > 0xFFFF) {
      throw new IllegalArgumentException(
          "max-v2-length must be in " + V2_UNIX_ADDRESSES + "..65535: " + maxV2Length);
    }
    return maxV2Length;
  }

  /**
   * Takes the next bytes of the connection. Once the answer is {@link Failed} it stays so;
   * feeding after {@link Parsed} is a caller's error.
   */
  public Result feed(ByteString chunk) {
    if (outcome instanceof Parsed) {
      throw new IllegalStateException("the header has been parsed already");
    }
    if (outcome instanceof Failed) {
      return outcome;
    }
    buffered = buffered.concat(chunk);
    outcome = decode(buffered);
    if (!(outcome instanceof NeedMore)) {
      buffered = ByteString.emptyByteString();
    }
    return outcome;
  }

  private Result decode(ByteString in) {
    if (in.isEmpty()) {
      return NEED_MORE;
    }
    if (in.apply(0) == V1_PREFIX[0]) {
      return decodeV1(in);
    }
    if (in.apply(0) == V2_SIGNATURE[0]) {
      return decodeV2(in);
    }
    return new Failed("no PROXY header");
  }

  // ---- version 1 ----

  private static Result decodeV1(ByteString in) {
    int prefix = Math.min(in.size(), V1_PREFIX.length);
    for (int i = 0; i < prefix; i++) {
      if (in.apply(i) != V1_PREFIX[i]) {
        return new Failed("no PROXY header");
      }
    }
    int scan = Math.min(in.size(), V1_MAX_LENGTH);
    for (int i = 0; i < scan; i++) {
      byte b = in.apply(i);
      if (b == '\r') {
        if (i + 1 == V1_MAX_LENGTH) {
          break; // its LF would be byte 108
        }
        if (i + 1 == in.size()) {
          return NEED_MORE;
        }
        if (in.apply(i + 1) != '\n') {
          return new Failed("v1 header: CR without LF");
        }
        return line(in.slice(0, i).decodeString(StandardCharsets.ISO_8859_1), in.drop(i + 2));
      }
      if (b == '\n') {
        return new Failed("v1 header: LF without CR");
      }
      if (b < 0x20 || b > 0x7E) {
        return new Failed("v1 header: byte " + (b & 0xff) + " is not printable ASCII");
      }
    }
    if (in.size() >= V1_MAX_LENGTH) {
      return new Failed("v1 header longer than " + V1_MAX_LENGTH + " bytes");
    }
    return NEED_MORE;
  }

  /** {@code line} is the header without its CRLF, printable ASCII only. */
  private static Result line(String line, ByteString remaining) {
    String[] words = line.split(" ", -1);
    if (words.length >= 2 && words[1].equals("UNKNOWN")) {
      // the spec: whatever follows UNKNOWN up to the CRLF is ignored
      return new Parsed(new ProxyHeader.Unknown(), remaining);
    }
    if (words.length != 6) {
      return new Failed("v1 header: expected PROXY TCP4|TCP6 src dst sport dport");
    }
    boolean v6;
    if (words[1].equals("TCP4")) {
      v6 = false;
    } else if (words[1].equals("TCP6")) {
      v6 = true;
    } else {
      return new Failed("v1 header: unknown protocol");
    }
    Optional<byte[]> source = v6 ? IpLiterals.ipv6(words[2]) : IpLiterals.ipv4(words[2]);
    Optional<byte[]> destination = v6 ? IpLiterals.ipv6(words[3]) : IpLiterals.ipv4(words[3]);
    int sourcePort = port(words[4]);
    int destinationPort = port(words[5]);
    if (source.isEmpty() || destination.isEmpty()) {
      return new Failed("v1 header: bad " + words[1] + " address");
    }
    if (sourcePort < 0 || destinationPort < 0) {
      return new Failed("v1 header: bad port");
    }
    return new Parsed(new ProxyHeader.Relayed(
        socket(source.get(), sourcePort), socket(destination.get(), destinationPort)), remaining);
  }

  /** A decimal port 0..65535 written without leading zeros, or -1. */
  private static int port(String text) {
    if (text.isEmpty() || text.length() > 5 || (text.length() > 1 && text.charAt(0) == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= MAX_PORT ? value : -1;
  }

  // ---- version 2 ----

  private Result decodeV2(ByteString in) {
    int signature = Math.min(in.size(), V2_SIGNATURE_LENGTH);
    for (int i = 0; i < signature; i++) {
      if (in.apply(i) != V2_SIGNATURE[i]) {
        return new Failed("no PROXY header (bad v2 signature)");
      }
    }
    if (in.size() > V2_SIGNATURE_LENGTH) {
      int versionCommand = in.apply(V2_SIGNATURE_LENGTH) & 0xff;
      if (versionCommand >> 4 != V2_VERSION) {
        return new Failed("v2 header: version " + (versionCommand >> 4));
      }
      int command = versionCommand & 0x0f;
      if (command != V2_COMMAND_LOCAL && command != V2_COMMAND_PROXY) {
        return new Failed("v2 header: unknown command " + command);
      }
    }
    if (in.size() > V2_SIGNATURE_LENGTH + 1) {
      int familyTransport = in.apply(V2_SIGNATURE_LENGTH + 1) & 0xff;
      if (familyTransport >> 4 > V2_FAMILY_UNIX || (familyTransport & 0x0f) > V2_TRANSPORT_MAX) {
        return new Failed("v2 header: unknown family/transport " + familyTransport);
      }
    }
    if (in.size() < V2_FIXED_LENGTH) {
      return NEED_MORE;
    }
    int length = ((in.apply(14) & 0xff) << 8) | (in.apply(15) & 0xff);
    if (length > maxV2Length) {
      return new Failed("v2 header: " + length + " bytes of addresses and TLVs, more than "
          + maxV2Length + " (max-v2-length)");
    }
    if (in.size() < V2_FIXED_LENGTH + length) {
      return NEED_MORE;
    }
    ByteString block = in.slice(V2_FIXED_LENGTH, V2_FIXED_LENGTH + length);
    ByteString remaining = in.drop(V2_FIXED_LENGTH + length);
    if ((in.apply(V2_SIGNATURE_LENGTH) & 0x0f) == V2_COMMAND_LOCAL) {
      // the spec: a receiver ignores the family and addresses of LOCAL
      return new Parsed(new ProxyHeader.Local(), remaining);
    }
    int family = (in.apply(V2_SIGNATURE_LENGTH + 1) & 0xff) >> 4;
    int needed;
    if (family == V2_FAMILY_INET) {
      needed = V2_INET_ADDRESSES;
    } else if (family == V2_FAMILY_INET6) {
      needed = V2_INET6_ADDRESSES;
    } else if (family == V2_FAMILY_UNIX) {
      needed = V2_UNIX_ADDRESSES;
    } else {
      needed = 0; // V2_FAMILY_UNSPEC
    }
    if (length < needed) {
      return new Failed("v2 header: " + length + " bytes cannot hold the addresses of family "
          + family);
    }
    if (family == V2_FAMILY_UNSPEC || family == V2_FAMILY_UNIX) {
      return new Parsed(new ProxyHeader.Unknown(), remaining);
    }
    int size = family == V2_FAMILY_INET ? 4 : 16;
    byte[] source = block.slice(0, size).toArray();
    byte[] destination = block.slice(size, 2 * size).toArray();
    int ports = 2 * size;
    int sourcePort = ((block.apply(ports) & 0xff) << 8) | (block.apply(ports + 1) & 0xff);
    int destinationPort = ((block.apply(ports + 2) & 0xff) << 8) | (block.apply(ports + 3) & 0xff);
    return new Parsed(new ProxyHeader.Relayed(
        socket(source, sourcePort), socket(destination, destinationPort)), remaining);
  }

  private static InetSocketAddress socket(byte[] address, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByAddress(address), port);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
    }
  }
}
