package io.mailcluster.transport;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Tcp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every protocol listener (SMTP, POP3, IMAP) does the same way: bind, hand each connection
 * to {@code accept} (a failure serving one connection never ends the accept loop), and leave
 * gracefully: {@code stop} runs in coordinated shutdown's service-unbind phase.
 */
public final class Listener {

  private static final Logger log = LoggerFactory.getLogger(Listener.class);

  private Listener() {}

  /**
   * Binds {@code host:port} (0 picks a free port). {@code bound} gets the binding before
   * {@code stop} is registered, so a stop always finds it.
   */
  public static CompletionStage<Tcp.ServerBinding> bind(ClassicActorSystemProvider system, String protocol,
      String host, int port, Materializer materializer, Consumer<Tcp.IncomingConnection> accept,
      Consumer<Tcp.ServerBinding> bound, Supplier<CompletionStage<Done>> stop) {
    return Tcp.get(system).bind(host, port)
        .to(Sink.foreach(connection -> {
          try {
            accept.accept(connection);
          } catch (RuntimeException e) {
            log.error("{}: could not serve connection from {}", protocol, connection.remoteAddress(), e);
          }
        }))
        .run(materializer)
        .thenApply(binding -> {
          bound.accept(binding);
          CoordinatedShutdown.get(system.classicSystem()).addTask(CoordinatedShutdown.PhaseServiceUnbind(),
              protocol.toLowerCase(java.util.Locale.ROOT) + "-unbind-" + binding.localAddress().getPort(), stop::get);
          log.info("{} listening on {}", protocol, binding.localAddress());
          return binding;
        });
  }
}
