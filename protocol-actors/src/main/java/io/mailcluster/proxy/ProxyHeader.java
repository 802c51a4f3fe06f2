package io.mailcluster.proxy;

import java.net.InetSocketAddress;
import java.util.Objects;

/** What a PROXY protocol header says about the connection it precedes. */
public sealed interface ProxyHeader {

  /**
   * The balancer relays a client connection: {@code source} is the client, {@code destination}
   * the address the client connected to (the balancer's front end).
   */
  record Relayed(InetSocketAddress source, InetSocketAddress destination) implements ProxyHeader {
    public Relayed {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(destination, "destination");
    }

    @Override
    public InetSocketAddress clientAddress(InetSocketAddress socketPeer) {
      return source;
    }
  }

  /**
   * Version 2 command LOCAL: the balancer speaks for itself (a health check), not for a
   * client; the socket's own peer address stands.
   */
  record Local() implements ProxyHeader {
    @Override
    public InetSocketAddress clientAddress(InetSocketAddress socketPeer) {
      return socketPeer;
    }
  }

  /**
   * A relayed connection whose client address the balancer does not know or we do not use
   * (version 1 UNKNOWN; version 2 with an unspecified or UNIX family): the socket's peer
   * address stands.
   */
  record Unknown() implements ProxyHeader {
    @Override
    public InetSocketAddress clientAddress(InetSocketAddress socketPeer) {
      return socketPeer;
    }
  }

  /** The address to treat as the client's, given the peer of the TCP socket (the balancer). */
  InetSocketAddress clientAddress(InetSocketAddress socketPeer);
}
