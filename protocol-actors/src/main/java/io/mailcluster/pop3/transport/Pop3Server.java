package io.mailcluster.pop3.transport;

import io.mailcluster.pop3.codec.Pop3Reply;
import io.mailcluster.pop3.codec.Pop3Settings;
import io.mailcluster.transport.Listener;
import io.mailcluster.proxy.ProxyProtocol;
import io.mailcluster.proxy.ProxyProtocolSettings;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 * One POP3 listener of a node: a {@link Pop3Connection} per TCP connection, up to
 * {@code max-connections} at once (more get one -ERR [SYS/TEMP] line and are closed).
 *
 * <p>On graceful leave the listener unbinds and cuts its sessions: a POP3 session has nothing
 * half-done worth waiting for (deletions are committed only by QUIT, and a cut session commits
 * nothing), and its maildrop lock is released as the connection ends.
 *
 * <p>With {@code proxy-protocol} on, a connection is greeted only after its PROXY header (see
 * {@link ProxyProtocol}); the client address it names is logged at debug level and is the one
 * logins are recorded with (without PROXY, the socket's peer).
 */
public final class Pop3Server {

  private static final Logger log = LoggerFactory.getLogger(Pop3Server.class);
  private static final Pop3Reply TOO_MANY =
      Pop3Reply.err(Pop3Reply.ResponseCode.SYS_TEMP, "too many connections, try again later");

  private final Pop3Settings settings;
  private final ProxyProtocolSettings proxy;
  private final Pop3Backend backend;
  private final Materializer materializer;
  private final String sessionPrefix;
  private final AtomicInteger live = new AtomicInteger();
  private final AtomicLong counter = new AtomicLong();
  private final SharedKillSwitch killSwitch = KillSwitches.shared("pop3-connections");
  private volatile Tcp.ServerBinding binding;

  private Pop3Server(Pop3Settings settings, ProxyProtocolSettings proxy, Pop3Backend backend,
      Materializer materializer, String sessionPrefix) {
    this.settings = settings;
    this.proxy = proxy;
    this.backend = backend;
    this.materializer = materializer;
    this.sessionPrefix = sessionPrefix;
  }

  /**
   * Binds {@code host:port} (0 picks a free port) with {@code mail-cluster.pop3} settings.
   * {@code nodeName} makes session ids unique in the cluster (they own maildrop locks).
   */
  public static CompletionStage<Pop3Server> start(ClassicActorSystemProvider system, String host,
      int port, String nodeName, Pop3Backend backend) {
    var config = system.classicSystem().settings().config();
    String prefix = nodeName + "/" + Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
    Pop3Server server = new Pop3Server(Pop3Settings.fromConfig(config),
        ProxyProtocolSettings.fromConfig(config, "pop3"), backend,
        Materializer.matFromSystem(system), prefix);
    return Listener.bind(system, "POP3", host, port, server.materializer, server::accept,
            bound -> server.binding = bound, server::stop)
        .thenApply(bound -> server);
  }

  public InetSocketAddress localAddress() {
    return binding.localAddress();
  }

  /** Stops accepting and ends every session (their locks are released). */
  public CompletionStage<Done> stop() {
    return binding.unbind().thenApply(unbound -> {
      killSwitch.shutdown();
      return Done.getInstance();
    });
  }

  private void accept(Tcp.IncomingConnection connection) {
    if (live.incrementAndGet() > settings.maxConnections()) {
      live.decrementAndGet();
        log.warn("POP3: {} connections, refusing {}", settings.maxConnections(),
            connection.remoteAddress());
      connection.handleWith(
          Flow.fromSinkAndSourceCoupled(Sink.ignore(), Source.single(TOO_MANY.encode())),
          materializer);
      return;
    }
    try {
      String sessionId = sessionPrefix + "-" + counter.incrementAndGet();
      connection.handleWith(
          ProxyProtocol.flow(proxy, "POP3 " + sessionId, connection.remoteAddress(),
                  client -> Pop3Connection.flow(settings, backend, sessionId,
                      client.getAddress().getHostAddress()))
              .via(killSwitch.flow())
              .watchTermination((notUsed, done) -> done.whenComplete((d, f) -> live.decrementAndGet())),
          materializer);
    } catch (RuntimeException e) {
      // a failure serving one connection must not end the accept loop
      live.decrementAndGet();
      log.error("POP3: could not serve connection from {}", connection.remoteAddress(), e);
    }
  }
}
