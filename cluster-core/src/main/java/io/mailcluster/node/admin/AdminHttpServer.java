package io.mailcluster.node.admin;

import io.mailcluster.control.ControlData;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;

/** Binds the admin API; a node that cannot bind its port stops rather than run half-served. */
public final class AdminHttpServer {

  private static final Duration DRAIN_ON_SHUTDOWN = Duration.ofSeconds(5);

  private AdminHttpServer() {}

  public static void start(
      ActorSystem<?> system, AdminSettings settings, ControlData controlData,
      BlobStoreHolder blobStore, ReadSideHolder readSide) {
    if (settings.token().isEmpty()) {
      system.log().warn("no admin token configured: the admin API refuses every request (set MAILCLUSTER_ADMIN_TOKEN)");
    }
    AdminRoutes routes = new AdminRoutes(system, settings, controlData,
        new MailListing(system, controlData, blobStore), readSide);
    Http.get(system)
        .newServerAt(settings.host(), settings.port())
        .bind(routes.route())
        .whenComplete(
            (binding, failure) -> {
              if (failure != null) {
                system.log().error("admin API cannot bind {}:{}; stopping the node",
                    settings.host(), settings.port(), failure);
                system.terminate();
              } else {
                binding.addToCoordinatedShutdown(DRAIN_ON_SHUTDOWN, system);
                system.log().info("admin API listening on {}", binding.localAddress());
              }
            });
  }
}
