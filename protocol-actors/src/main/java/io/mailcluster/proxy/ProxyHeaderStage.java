package io.mailcluster.proxy;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the PROXY header off the front of a connection's bytes. Its materialized value
 * completes with the header once it is whole; the stage then emits the bytes that followed
 * the header as one element (possibly empty, so that what comes next learns the header has
 * arrived) and passes everything after unchanged.
 *
 * <p>A header that is bad, over a limit, not whole within {@code header-timeout}, or missing
 * because the connection ended first, completes the stage without emitting anything (the
 * connection is closed without a greeting); the materialized value then fails.
 */
final class ProxyHeaderStage
    extends AbstractGraphStageWithMaterializedValue<FlowShape<ByteString, ByteString>, CompletionStage<ProxyHeader>> {

  private static final Logger log = LoggerFactory.getLogger(ProxyHeaderStage.class);
  private static final String TIMER = "header-timeout";

  private final Inlet<ByteString> in = Inlet.create("ProxyHeader.in");
  private final Outlet<ByteString> out = Outlet.create("ProxyHeader.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final ProxyProtocolSettings settings;
  private final String connectionName;
  private final InetSocketAddress socketPeer;

  /** {@code connectionName} names the connection in logs (listener and session id). */
  ProxyHeaderStage(ProxyProtocolSettings settings, String connectionName,
      InetSocketAddress socketPeer) {
    this.settings = settings;
    this.connectionName = connectionName;
    this.socketPeer = socketPeer;
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public Pair<GraphStageLogic, CompletionStage<ProxyHeader>> createLogicAndMaterializedValuePair(
      Attributes attributes) {
    CompletableFuture<ProxyHeader> header = new CompletableFuture<>();
    return Pair.create(new Logic(header), header);
  }

  private final class Logic extends TimerGraphStageLogic {

    private final CompletableFuture<ProxyHeader> header;
    private final ProxyHeaderDecoder decoder = new ProxyHeaderDecoder(settings.maxV2Length());
    private boolean parsed;

    Logic(CompletableFuture<ProxyHeader> header) {
      super(shape);
      this.header = header;
      setHandler(in, new AbstractInHandler() {
        @Override
        public void onPush() {
          ByteString chunk = grab(in);
          if (parsed) {
            push(out, chunk);
          } else {
            decode(chunk);
          }
        }

        @Override
        public void onUpstreamFinish() {
          if (parsed) {
            complete(out); // after a pending emit
          } else {
            // a balancer's plain TCP health check looks like this: no news, so debug only
            log.debug("{}: connection from {} closed before its PROXY header was whole",
                connectionName, socketPeer);
            fail("connection closed before the header was whole");
          }
        }
      });
      setHandler(out, new AbstractOutHandler() {
        @Override
        public void onPull() {
          // before the header the stage pulls for itself, whatever the demand
          if (parsed && !hasBeenPulled(in) && !isClosed(in)) {
            pull(in);
          }
        }
      });
    }

    @Override
    public void preStart() {
      scheduleOnce(TIMER, settings.headerTimeout());
      pull(in);
    }

    private void decode(ByteString chunk) {
      ProxyHeaderDecoder.Result result = decoder.feed(chunk);
      if (result instanceof ProxyHeaderDecoder.Parsed p) {
        parsed = true;
        cancelTimer(TIMER);
        log.debug("{}: PROXY header from {}: {}, client {}", connectionName, socketPeer,
            p.header(), p.header().clientAddress(socketPeer));
        header.complete(p.header());
        emit(out, p.remaining());
      } else if (result instanceof ProxyHeaderDecoder.Failed f) {
        refuse(f.reason());
      } else {
        pull(in);
      }
    }

    @Override
    public void onTimer(Object key) {
      refuse("no whole PROXY header within " + settings.headerTimeout());
    }

    private void refuse(String reason) {
      log.info("{}: closing the connection from {} without a greeting: {}", connectionName,
          socketPeer, reason);
      fail(reason);
    }

    private void fail(String reason) {
      header.completeExceptionally(new ProxyHeaderException(reason));
      completeStage();
    }

    @Override
    public void postStop() {
      header.completeExceptionally(new ProxyHeaderException("connection ended"));
    }
  }
}
