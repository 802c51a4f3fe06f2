/**
 * The HAProxy PROXY protocol (versions 1 and 2) in front of our listeners: a balancer that
 * relays a TCP connection first sends one header naming the real client, then the client's
 * bytes. {@link io.mailcluster.proxy.ProxyHeaderDecoder} is the pure, bounded parser;
 * {@link io.mailcluster.proxy.ProxyProtocol#flow} reads the header off a connection and only
 * then builds the protocol's own flow with the client's address.
 *
 * <p>Turn it on only for a listener that is reached through a balancer you control: whoever
 * can connect to such a listener directly can claim any client address.
 */
package io.mailcluster.proxy;
