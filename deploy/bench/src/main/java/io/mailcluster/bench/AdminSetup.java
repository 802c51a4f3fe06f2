package io.mailcluster.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;

/**
 * Creates the bench domain and its accounts through the admin API; what already exists (409)
 * is kept, so a second run against the same cluster reuses them.
 */
final class AdminSetup {

  private static final String PASSWORD = "bench-password-not-secret";
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<URI> nodes;
  private final String token;

  AdminSetup(List<URI> nodes, String token) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("no admin URL (--admin)");
    }
    this.nodes = nodes;
    this.token = token;
  }

  /** The domain, then {@code mailboxes} accounts, a few at a time (each hashes a password). */
  void createMailboxes(BenchOptions options) throws Exception {
    post(0, "/api/domains", "{\"name\":\"" + options.domain() + "\"}");
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(4, options.mailboxes()));
    try {
      List<Future<?>> created = new ArrayList<>();
      for (int i = 0; i < options.mailboxes(); i++) {
        String address = options.mailbox(i);
        int node = i;
        created.add(pool.submit(() -> post(node, "/api/accounts",
            "{\"address\":\"" + address + "\",\"password\":\"" + PASSWORD + "\",\"quotaBytes\":0}")));
      }
      for (Future<?> future : created) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** POST to the node {@code preferred} (mod the nodes), the others if it does not answer. */
  private Void post(int preferred, String path, String json) throws IOException, InterruptedException {
    IOException last = null;
    for (int k = 0; k < nodes.size(); k++) {
      URI base = nodes.get((preferred + k) % nodes.size());
      HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
          .timeout(Duration.ofSeconds(60))
          .header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json))
          .build();
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        last = e;
        continue;
      }
      if (response.statusCode() == 201 || response.statusCode() == 409) {
        return null;
      }
      throw new IOException("POST " + path + " " + json.replace(PASSWORD, "***") + " answered "
          + response.statusCode() + ": " + response.body());
    }
    throw new IOException("no admin API answered " + path, last);
  }
}
