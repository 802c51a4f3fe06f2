package io.mailcluster.cassandra;

import java.net.InetSocketAddress;
import java.util.Objects;

/** Where a Cassandra answers CQL: what tests and tools get instead of a running instance. */
public record CassandraEndpoint(String host, int port) {

  /** The datacenter of every Cassandra this module starts (SimpleSnitch): the driver's local DC. */
  public static final String LOCAL_DATACENTER = "datacenter1";

  public CassandraEndpoint {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host is blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /** Parses "host:port", as in MAILCLUSTER_TEST_CASSANDRA; an IPv6 host goes in brackets. */
  public static CassandraEndpoint parse(String hostAndPort) {
    String text = hostAndPort.strip();
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("expected host:port, got \"" + hostAndPort + "\"");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      return new CassandraEndpoint(host, Integer.parseInt(text.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected host:port, got \"" + hostAndPort + "\"", e);
    }
  }

  /** "host:port", as contact points are written in configuration. */
  public String contactPoint() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** Unresolved hosts are resolved here; for the driver's {@code addContactPoint}. */
  public InetSocketAddress toInetSocketAddress() {
    return new InetSocketAddress(host, port);
  }
}
