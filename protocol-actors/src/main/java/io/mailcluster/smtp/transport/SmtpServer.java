package io.mailcluster.smtp.transport;

import io.mailcluster.smtp.codec.ReplyEncoder;
import io.mailcluster.smtp.codec.SmtpReplies;
import io.mailcluster.smtp.codec.SmtpReply;
import io.mailcluster.proxy.ProxyProtocol;
import io.mailcluster.proxy.ProxyProtocolSettings;
import io.mailcluster.smtp.codec.SmtpSettings;
import io.mailcluster.transport.Listener;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMTP listener of a node: accepts TCP connections and runs an {@link SmtpConnectionStage}
 * for each, up to {@code max-connections} at once (more get one 421 4.7.0 line and are closed).
 *
 * <p>Graceful leave: {@link #unbindAndDrain} stops accepting, tells every live session to
 * finish (each answers its pending command, says 421 4.3.2 and closes) and waits a bounded
 * time for them; whatever is still open then is cut. {@link #start} registers it in the
 * coordinated shutdown phase {@code service-unbind} with {@code shutdown-drain-timeout}.
 *
 * <p>With {@code proxy-protocol} on, a connection's session starts only after its PROXY
 * header, with the client address the header names (see {@link ProxyProtocol}).
 */
public final class SmtpServer {

  private static final Logger log = LoggerFactory.getLogger(SmtpServer.class);

  private final SmtpSettings settings;
  private final ProxyProtocolSettings proxy;
  private final Clock clock;
  private final RecipientResolver resolver;
  private final MessageStore store;
  private final Materializer materializer;
  private final String sessionPrefix;
  private final AtomicLong connectionCounter = new AtomicLong();
  private final AtomicInteger live = new AtomicInteger();
  private final Set<SmtpConnection> connections = ConcurrentHashMap.newKeySet();
  private final SharedKillSwitch killSwitch = KillSwitches.shared("smtp-connections");
  private final AtomicReference<CompletableFuture<Done>> drained = new AtomicReference<>();
  private volatile boolean draining;
  private volatile Tcp.ServerBinding binding;

  private SmtpServer(SmtpSettings settings, ProxyProtocolSettings proxy, Clock clock,
      RecipientResolver resolver, MessageStore store, Materializer materializer) {
    this.settings = settings;
    this.proxy = proxy;
    this.clock = clock;
    this.resolver = resolver;
    this.store = store;
    this.materializer = materializer;
    this.sessionPrefix = randomToken();
  }

  /**
   * Binds {@code host:port} (port 0 picks a free one, see {@link #localAddress}) with the
   * settings in {@code mail-cluster.smtp} of the system's configuration, and registers the
   * drain with coordinated shutdown. Completes when the socket is bound.
   */
  public static CompletionStage<SmtpServer> start(ClassicActorSystemProvider system, String host,
      int port, RecipientResolver resolver, MessageStore store) {
    var config = system.classicSystem().settings().config();
    SmtpSettings settings = SmtpSettings.fromConfig(config);
    Duration drainTimeout = config.getDuration("mail-cluster.smtp.shutdown-drain-timeout");
    SmtpServer server = new SmtpServer(settings, ProxyProtocolSettings.fromConfig(config, "smtp"),
        Clock.systemUTC(), resolver, store, Materializer.matFromSystem(system));
    return Listener.bind(system, "SMTP", host, port, server.materializer, server::acceptSafely,
            bound -> server.binding = bound, () -> server.unbindAndDrain(drainTimeout))
        .thenApply(bound -> server);
  }

  public InetSocketAddress localAddress() {
    return binding.localAddress();
  }

  /** Connections being served now. */
  public int liveConnections() {
    return live.get();
  }

  /**
   * Stops accepting, asks every session to finish and waits up to {@code timeout} for them;
   * then cuts what is left (an open upload is aborted). Idempotent: later calls get the
   * first call's stage.
   */
  public CompletionStage<Done> unbindAndDrain(Duration timeout) {
    CompletableFuture<Done> result = new CompletableFuture<>();
    if (!drained.compareAndSet(null, result)) {
      return drained.get();
    }
    draining = true;
    binding.unbind().whenComplete((unbound, unbindFailure) -> {
      connections.forEach(SmtpConnection::shutDown);
      CompletableFuture<?>[] all = connections.stream()
          .map(c -> c.terminated().toCompletableFuture())
          .toArray(CompletableFuture[]::new);
      CompletableFuture.allOf(all)
          .thenApply(done -> true)
          .completeOnTimeout(false, timeout.toMillis(), TimeUnit.MILLISECONDS)
          .whenComplete((inTime, failure) -> {
            if (!Boolean.TRUE.equals(inTime)) {
              log.warn("SMTP: {} sessions still open after {}, closing them", live.get(), timeout);
            }
            killSwitch.shutdown();
            result.complete(Done.getInstance());
          });
    });
    return result;
  }

  /** A failure serving one connection must not end the accept loop. */
  private void acceptSafely(Tcp.IncomingConnection connection) {
    try {
      accept(connection);
    } catch (RuntimeException e) {
      log.error("SMTP: could not serve connection from {}", connection.remoteAddress(), e);
    }
  }

  private void accept(Tcp.IncomingConnection connection) {
    if (draining) {
      refuse(connection, SmtpReplies.SHUTTING_DOWN);
      return;
    }
    if (live.incrementAndGet() > settings.maxConnections()) {
      live.decrementAndGet();
      log.warn("SMTP: {} connections, refusing {}", settings.maxConnections(),
          connection.remoteAddress());
      refuse(connection, SmtpReplies.TOO_MANY_CONNECTIONS);
      return;
    }
    String sessionId = sessionPrefix + "-" + connectionCounter.incrementAndGet();
    CompletionStage<SmtpConnection> started = connection.handleWith(
        ProxyProtocol.flow(proxy, "SMTP " + sessionId, connection.remoteAddress(),
                client -> Flow.fromGraph(new SmtpConnectionStage(settings, clock, sessionId,
                    client.getAddress().getHostAddress(), resolver, store)))
            .via(killSwitch.flow()),
        materializer);
    // at once without PROXY; with it, after the header (never, if it is bad or missing)
    started.whenComplete((handle, noSession) -> {
      if (handle == null) {
        live.decrementAndGet();
        return;
      }
      connections.add(handle);
      handle.terminated().whenComplete((done, failure) -> {
        connections.remove(handle);
        live.decrementAndGet();
      });
      if (draining) {
        handle.shutDown(); // the drain began while this one was being set up
      }
    });
  }

  /** One reply line, then the server closes: no session is started. */
  private void refuse(Tcp.IncomingConnection connection, SmtpReply reply) {
    connection.handleWith(
        Flow.fromSinkAndSourceCoupled(Sink.ignore(), Source.single(ReplyEncoder.encode(reply))),
        materializer);
  }

  /** A few random letters and digits naming this listener instance in session ids. */
  private static String randomToken() {
    return Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
  }
}
