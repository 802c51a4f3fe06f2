package io.mailcluster.imap.transport;

import io.mailcluster.imap.codec.ImapSettings;
import io.mailcluster.imap.content.ContentSettings;
import io.mailcluster.imap.session.ImapBackend;
import io.mailcluster.imap.session.ImapSessionSettings;
import io.mailcluster.transport.Listener;
import io.mailcluster.proxy.ProxyProtocol;
import io.mailcluster.proxy.ProxyProtocolSettings;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One IMAP listener of a node: an {@link ImapConnection} per TCP connection, up to
 * {@code max-connections} at once (more get "* BYE" and are closed).
 *
 * <p>On graceful leave the listener unbinds, then every session finishes the command it is
 * running, says "* BYE [UNAVAILABLE]" and closes (RFC 9051 section 7.1.5); the client
 * reconnects through the balancer to another node.
 *
 * <p>With {@code proxy-protocol} on, a connection is greeted only after its PROXY header (see
 * {@link ProxyProtocol}); the client address it names is logged at debug level and is the one
 * logins are recorded with (without PROXY, the socket's peer). Connections still sending their
 * header count against {@code max-connections}.
 */
public final class ImapServer {

  private static final Logger log = LoggerFactory.getLogger(ImapServer.class);
  private static final ByteString TOO_MANY =
      ByteString.fromString("* BYE [UNAVAILABLE] too many connections, try again later\r\n");

  private final ImapSettings codec;
  private final ImapSessionSettings settings;
  private final ProxyProtocolSettings proxy;
  private final ContentSettings content;
  private final ImapBackend backend;
  private final Materializer materializer;
  private final String sessionPrefix;
  private final AtomicLong counter = new AtomicLong();
  private final Set<ImapConnection> live = ConcurrentHashMap.newKeySet();
  /** Connections accepted whose session has not started yet (PROXY header pending). */
  private final AtomicInteger starting = new AtomicInteger();
  private volatile boolean stopping;
  private volatile Tcp.ServerBinding binding;

  private ImapServer(ImapSettings codec, ImapSessionSettings settings, ProxyProtocolSettings proxy,
      ContentSettings content, ImapBackend backend, Materializer materializer,
      String sessionPrefix) {
    this.codec = codec;
    this.settings = settings;
    this.proxy = proxy;
    this.content = content;
    this.backend = backend;
    this.materializer = materializer;
    this.sessionPrefix = sessionPrefix;
  }

  /** Binds {@code host:port} (0 picks a free port) with the {@code mail-cluster.imap} settings. */
  public static CompletionStage<ImapServer> start(ClassicActorSystemProvider system, String host,
      int port, String nodeName, ImapBackend backend) {
    var config = system.classicSystem().settings().config();
    String prefix = nodeName + "/" + Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
    ImapServer server = new ImapServer(ImapSettings.fromConfig(config),
        ImapSessionSettings.fromConfig(config), ProxyProtocolSettings.fromConfig(config, "imap"),
        ContentSettings.fromConfig(config), backend, Materializer.matFromSystem(system), prefix);
    return Listener.bind(system, "IMAP", host, port, server.materializer, server::accept,
            bound -> server.binding = bound, server::stop)
        .thenApply(bound -> server);
  }

  public InetSocketAddress localAddress() {
    return binding.localAddress();
  }

  /** Stops accepting, asks every session to say BYE, completes when they all ended. */
  public CompletionStage<Done> stop() {
    stopping = true;
    return binding.unbind().thenCompose(unbound -> {
      List<ImapConnection> sessions = List.copyOf(live);
      sessions.forEach(ImapConnection::shutDown);
      CompletableFuture<?>[] ended = sessions.stream()
          .map(c -> c.terminated().toCompletableFuture()).toArray(CompletableFuture[]::new);
      return CompletableFuture.allOf(ended).thenApply(all -> Done.getInstance());
    });
  }

  private void accept(Tcp.IncomingConnection connection) {
    if (live.size() + starting.get() >= settings.maxConnections()) {
      log.warn("IMAP: {} connections, refusing {}", settings.maxConnections(), connection.remoteAddress());
      connection.handleWith(Flow.fromSinkAndSourceCoupled(Sink.ignore(), Source.single(TOO_MANY)), materializer);
      return;
    }
    starting.incrementAndGet();
    try {
      String sessionId = sessionPrefix + "-" + counter.incrementAndGet();
      CompletionStage<ImapConnection> started = connection.handleWith(
          ProxyProtocol.flow(proxy, "IMAP " + sessionId, connection.remoteAddress(),
              client -> ImapConnection.flow(codec, settings, content, backend, sessionId,
                  client.getAddress().getHostAddress())),
          materializer);
      // at once without PROXY; with it, after the header (never, if it is bad or missing)
      started.whenComplete((handle, noSession) -> {
        if (handle != null) {
          live.add(handle);
          handle.terminated().whenComplete((d, f) -> live.remove(handle));
          if (stopping) {
            handle.shutDown(); // the stop began while its header was on the way
          }
        }
        starting.decrementAndGet();
      });
    } catch (RuntimeException e) {
      // a failure serving one connection must not end the accept loop
      starting.decrementAndGet();
      log.error("IMAP: could not serve connection from {}", connection.remoteAddress(), e);
    }
  }
}
