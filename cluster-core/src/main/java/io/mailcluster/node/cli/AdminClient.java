package io.mailcluster.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Talks to the admin API of any live node: tries each base URL in turn until one answers.
 * Only a refused or timed-out connection moves on to the next node; an HTTP error is final.
 */
final class AdminClient {

  /** A failed call: the message is the API's own explanation. */
  static final class Failure extends Exception {
    final int exitCode;

    Failure(int exitCode, String message) {
      super(message, null, false, false);
      this.exitCode = exitCode;
    }
  }

  static final ObjectMapper JSON = new ObjectMapper();

  /** How long a request may wait for its answer (headers, for streamed answers). */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final List<URI> nodes;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  AdminClient(List<URI> nodes, String token) {
    this.nodes = nodes;
    this.token = token;
  }

  JsonNode get(String path) throws Failure {
    return send("GET", path, null);
  }

  /** A GET that may take longer than {@link #TIMEOUT} (audit --verify). */
  JsonNode get(String path, Duration timeout) throws Failure {
    return send("GET", path, null, timeout);
  }

  JsonNode post(String path, Object body) throws Failure {
    return send("POST", path, body);
  }

  JsonNode put(String path, Object body) throws Failure {
    return send("PUT", path, body);
  }

  JsonNode delete(String path) throws Failure {
    return send("DELETE", path, null);
  }

  /**
   * GET of a streamed answer of JSON lines: hands each line over as it arrives, so a long answer
   * is never held whole. An HTTP error is a {@link Failure} with the API's explanation.
   */
  void lines(String path, Consumer<String> each) throws Failure {
    IOException last = null;
    for (URI node : nodes) {
      try {
        HttpResponse<Stream<String>> response = http.send(request(node, "GET", path, null, TIMEOUT),
            HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
          if (response.statusCode() / 100 != 2) {
            outcome(response.statusCode(), lines.collect(Collectors.joining("\n")));
          }
          lines.filter(line -> !line.isEmpty()).forEach(each);
        }
        return;
      } catch (ConnectException | HttpConnectTimeoutException e) {
        last = e;
      } catch (IOException | UncheckedIOException e) {
        throw new Failure(3, "answer from " + node + " cut short (" + e + ")");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Failure(3, "interrupted");
      }
    }
    throw new Failure(3, "no node answered at " + nodes + (last == null ? "" : " (" + last + ")")
        + "; is the cluster up? (./mailcluster status)");
  }

  /** One path segment, percent-encoded (addresses contain '@', never spaces, but be safe). */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonNode send(String method, String path, Object body) throws Failure {
    return send(method, path, body, TIMEOUT);
  }

  private JsonNode send(String method, String path, Object body, Duration timeout)
      throws Failure {
    IOException last = null;
    for (URI node : nodes) {
      try {
        HttpResponse<String> response = http.send(request(node, method, path, body, timeout),
            HttpResponse.BodyHandlers.ofString());
        return outcome(response);
      } catch (ConnectException | HttpConnectTimeoutException e) {
        // this node did not take the request: the next one may
        last = e;
      } catch (IOException e) {
        // the request may have been applied: retrying elsewhere could report a false 409
        throw new Failure(3, "no answer from " + node + " (" + e + "); the change may or may not be done: check with list/show");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Failure(3, "interrupted");
      }
    }
    throw new Failure(3, "no node answered at " + nodes + (last == null ? "" : " (" + last + ")")
        + "; is the cluster up? (./mailcluster status)");
  }

  private HttpRequest request(URI node, String method, String path, Object body, Duration timeout)
      throws IOException {
    HttpRequest.BodyPublisher publisher = body == null
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
    return HttpRequest.newBuilder(node.resolve("/api/" + path))
        .timeout(timeout)
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .method(method, publisher)
        .build();
  }

  private static JsonNode outcome(HttpResponse<String> response) throws Failure {
    return outcome(response.statusCode(), response.body());
  }

  private static JsonNode outcome(int status, String body) throws Failure {
    JsonNode json = body.isEmpty() ? JSON.nullNode() : parse(body);
    if (status / 100 == 2) {
      return json;
    }
    String message = json.hasNonNull("message") ? json.get("message").asText() : body;
    throw new Failure(1, message + " (HTTP " + status + ")");
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.getNodeFactory().textNode(body);
    }
  }
}
