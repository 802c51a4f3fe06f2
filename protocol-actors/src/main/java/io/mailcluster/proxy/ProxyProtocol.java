package io.mailcluster.proxy;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.util.ByteString;

/**
 * Puts the PROXY protocol in front of a listener's connection flow. With the listener's
 * {@code proxy-protocol} on, a connection must begin with a version 1 or 2 header; the
 * protocol's flow is built only once the header is whole, with the client address the header
 * names, and gets the bytes that followed it. So the server says nothing (no greeting) before
 * the header, and a connection without a valid header within {@code header-timeout} is closed
 * with no session at all. With it off, nothing is read and the socket's peer is the client.
 */
public final class ProxyProtocol {

  private ProxyProtocol() {}

  /**
   * The flow serving one accepted connection.
   *
   * @param settings the listener's PROXY protocol settings
   * @param connectionName names the connection in logs, e.g. "SMTP 3kq9-17"
   * @param socketPeer the TCP peer of the connection (with PROXY on, the balancer)
   * @param connection builds the protocol's flow for a client address
   * @return a flow whose materialized value completes with the protocol flow's materialized
   *     value once that flow runs, or fails if the connection ends without a valid header
   *     (the reason is logged)
   */
  public static <M> Flow<ByteString, ByteString, CompletionStage<M>> flow(
      ProxyProtocolSettings settings, String connectionName, InetSocketAddress socketPeer,
      Function<InetSocketAddress, Flow<ByteString, ByteString, M>> connection) {
    if (!settings.enabled()) {
      return connection.apply(socketPeer).mapMaterializedValue(CompletableFuture::completedFuture);
    }
    Flow<ByteString, ByteString, CompletionStage<CompletionStage<M>>> perConnection =
        Flow.fromMaterializer((materializer, attributes) -> {
          CompletableFuture<InetSocketAddress> client = new CompletableFuture<>();
          return Flow.fromGraph(new ProxyHeaderStage(settings, connectionName, socketPeer))
              .mapMaterializedValue(header -> header.thenAccept(
                  h -> client.complete(h.clientAddress(socketPeer))))
              // the header stage emits its first element only after the header is whole, so
              // the client address is known when the lazy flow is built
              .viaMat(Flow.lazyFlow(() -> Flow.<ByteString>create()
                      .filter(bytes -> !bytes.isEmpty())
                      .viaMat(connection.apply(known(client)), Keep.right())),
                  Keep.right());
        });
    return perConnection.mapMaterializedValue(
        started -> started.thenCompose(protocolFlow -> protocolFlow));
  }

  private static InetSocketAddress known(CompletableFuture<InetSocketAddress> client) {
    InetSocketAddress address = client.getNow(null);
    if (address == null) {
      throw new IllegalStateException("protocol flow built before the PROXY header was whole");
    }
    return address;
  }
}
