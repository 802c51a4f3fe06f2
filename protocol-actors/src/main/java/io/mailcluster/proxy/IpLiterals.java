package io.mailcluster.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Strict parsers of textual IP addresses, for PROXY version 1 headers. They never consult
 * DNS (unlike {@code InetAddress.getByName}, which looks up whatever is not a literal).
 */
final class IpLiterals {

  /** The longest IPv6 text we accept: eight groups of four, seven colons (45 with IPv4 tail). */
  private static final int MAX_IPV6_TEXT = 45;

  private IpLiterals() {}

  /** Dotted-quad IPv4 ("192.0.2.1"): four decimal octets, no leading zeros, no sign. */
  static Optional<byte[]> ipv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    byte[] address = new byte[4];
    for (int i = 0; i < 4; i++) {
      int octet = decimalOctet(parts[i]);
      if (octet < 0) {
        return Optional.empty();
      }
      address[i] = (byte) octet;
    }
    return Optional.of(address);
  }

  /**
   * IPv6 text (RFC 4291 section 2.2): eight groups of one to four hex digits, at most one
   * "::" standing for one or more zero groups, optionally ending in a dotted-quad IPv4. No
   * zone ("%eth0") and no brackets.
   */
  static Optional<byte[]> ipv6(String text) {
    if (text.isEmpty() || text.length() > MAX_IPV6_TEXT) {
      return Optional.empty();
    }
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return Optional.empty();
    }
    List<Integer> head;
    List<Integer> tail;
    if (gap < 0) {
      head = groups(text);
      tail = List.of();
    } else {
      head = groups(text.substring(0, gap));
      tail = groups(text.substring(gap + 2));
    }
    if (head == null || tail == null) {
      return Optional.empty();
    }
    int given = head.size() + tail.size();
    if (gap < 0 ? given != 8 : given > 7) {
      return Optional.empty();
    }
    byte[] address = new byte[16];
    put(address, 0, head);
    put(address, 8 - tail.size(), tail);
    return Optional.of(address);
  }

  /** The 16-bit groups of a colon-separated run (its last item may be IPv4); null if bad. */
  private static List<Integer> groups(String run) {
    List<Integer> groups = new ArrayList<>();
    if (run.isEmpty()) {
      return groups;
    }
    String[] items = run.split(":", -1);
    for (int i = 0; i < items.length; i++) {
      String item = items[i];
      if (i == items.length - 1 && item.indexOf('.') >= 0) {
        Optional<byte[]> v4 = ipv4(item);
        if (v4.isEmpty()) {
          return null;
        }
        byte[] b = v4.get();
        groups.add(((b[0] & 0xff) << 8) | (b[1] & 0xff));
        groups.add(((b[2] & 0xff) << 8) | (b[3] & 0xff));
      } else {
        int group = hexGroup(item);
        if (group < 0) {
          return null;
        }
        groups.add(group);
      }
    }
    return groups;
  }

  private static void put(byte[] address, int groupIndex, List<Integer> groups) {
    for (int i = 0; i < groups.size(); i++) {
      address[2 * (groupIndex + i)] = (byte) (groups.get(i) >> 8);
      address[2 * (groupIndex + i) + 1] = (byte) (int) groups.get(i);
    }
  }

  /** 0..255 written without leading zeros, or -1. */
  private static int decimalOctet(String text) {
    if (text.isEmpty() || text.length() > 3 || (text.length() > 1 && text.charAt(0) == '0')) {
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
    return value <= 255 ? value : -1;
  }

  /** One to four hex digits, or -1. */
  private static int hexGroup(String text) {
    if (text.isEmpty() || text.length() > 4) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < text.length(); i++) {
      int digit = Character.digit(text.charAt(i), 16);
      if (digit < 0 || text.charAt(i) > 'f') {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }
}
