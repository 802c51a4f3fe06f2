package io.mailcluster.node.admin;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mailcluster.control.ControlData;
import io.mailcluster.control.DomainName;
import io.mailcluster.control.MailAddress;
import io.mailcluster.projections.audit.AuditFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.slf4j.Logger;
import scala.jdk.javaapi.DurationConverters;

/**
 * The admin HTTP API: domains, accounts, aliases, passwords, quota, cluster status. Every
 * request under /api needs the admin bearer token; every answer is JSON. The routes only
 * translate HTTP to {@link ControlData} calls and their outcomes back to status codes.
 */
public final class AdminRoutes extends AllDirectives {

  private final Logger log;
  private final AdminSettings settings;
  private final ControlData controlData;
  private final ClusterStatus clusterStatus;
  private final MailListing mail;
  private final AccountHistory history;
  private final ReadSideRoutes readSide;
  private final AccountVerifier verifier;

  AdminRoutes(ActorSystem<?> system, AdminSettings settings, ControlData controlData,
      MailListing mail, ReadSideHolder readSide) {
    this.mail = mail;
    this.log = system.log();
    this.settings = settings;
    this.controlData = controlData;
    this.clusterStatus = new ClusterStatus(system);
    this.history = new AccountHistory(system, readSide);
    this.readSide = new ReadSideRoutes(system, readSide);
    this.verifier = new AccountVerifier(system, controlData, settings.verifyMaxDifferences());
  }

  public Route route() {
    return AdminErrors.handled(
        () ->
            pathPrefix(
                "api",
                () ->
                    new AdminAuth(settings.token())
                        .authenticated(
                            () ->
                                withSizeLimit(
                                    settings.maxRequestBytes(),
                                    () ->
                                        concat(
                                            pathPrefix("domains", this::domains),
                                            pathPrefix("accounts", this::accounts),
                                            pathPrefix("aliases", this::aliases),
                                            pathPrefix("projections", readSide::projections),
                                            pathPrefix("directory", readSide::directory),
                                            path("cluster", () -> get(this::cluster)))))));
  }

  private Route domains() {
    return concat(
        pathEndOrSingleSlash(
            () ->
                concat(
                    get(() -> reply(controlData.listDomains(), d -> Map.of("domains", d))),
                    post(
                        () ->
                            body(
                                Requests.CreateDomain.class,
                                r ->
                                    created(
                                        controlData.createDomain(required(r.name(), "name")),
                                        () -> Map.of("name", DomainName.parse(r.name()).name())))))),
        pathPrefix(
            segment(),
            domain ->
                concat(
                    pathEndOrSingleSlash(
                        () ->
                            concat(
                                get(() -> reply(controlData.getDomain(domain), d -> d)),
                                delete(() -> noContent(controlData.removeDomain(domain))))),
                    path(
                        "accounts",
                        () ->
                            get(
                                () ->
                                    reply(
                                        controlData.listAccounts(domain),
                                        a -> Map.of("accounts", a)))))));
  }

  private Route accounts() {
    return concat(
        pathEndOrSingleSlash(
            () ->
                concat(
                    get(
                        () ->
                            parameterOptional(
                                "domain",
                                domain ->
                                    reply(
                                        domain
                                            .map(controlData::listAccounts)
                                            .orElseGet(this::allAccounts),
                                        a -> Map.of("accounts", a)))),
                    post(
                        () ->
                            body(
                                Requests.CreateAccount.class,
                                r ->
                                    created(
                                        controlData.createAccount(
                                            required(r.address(), "address"),
                                            required(r.password(), "password"),
                                            r.quotaBytes() == null ? 0L : r.quotaBytes()),
                                        () -> Map.of("address", MailAddress.parse(r.address()).address())))))),
        pathPrefix(
            segment(),
            address ->
                concat(
                    pathEndOrSingleSlash(
                        () ->
                            concat(
                                get(() -> reply(controlData.getAccount(address), a -> a)),
                                delete(() -> noContent(controlData.removeAccount(address))))),
                    pathPrefix("folders", () -> folders(address)),
                    pathPrefix("audit", () -> concat(
                        pathEndOrSingleSlash(() -> get(() -> audit(address))),
                        path("verify", () -> get(() -> verify(address))))),
                    readSide.account(address),
                    path(
                        "password",
                        () ->
                            put(
                                () ->
                                    body(
                                        Requests.ChangePassword.class,
                                        r ->
                                            noContent(
                                                controlData.changePassword(
                                                    address, required(r.password(), "password")))))),
                    path(
                        "quota",
                        () ->
                            put(
                                () ->
                                    body(
                                        Requests.SetQuota.class,
                                        r ->
                                            noContent(
                                                controlData.setQuota(
                                                    address, required(r.bytes(), "bytes")))))))));
  }

  /** Read-only: the folder tree, and a folder's messages a page at a time ({@code next}). */
  private Route folders(String address) {
    return concat(
        pathEndOrSingleSlash(() -> get(() -> reply(mail.folders(address), f -> f))),
        pathPrefix(
            segment(),
            name ->
                path("messages", () -> get(() -> messages(address, name)))));
  }

  private Route messages(String address, String folder) {
    return parameterOptional(
        "from",
        from -> {
          long uid;
          try {
            uid = from.map(Long::parseLong).orElse(1L);
          } catch (NumberFormatException e) {
            return complete(ApiError.response(StatusCodes.BAD_REQUEST, "invalid", "from must be a uid"));
          }
          return reply(mail.messages(address, folder, uid), p -> p);
        });
  }

  /**
   * The account's history straight from the journal, one JSON object a line (application/x-ndjson),
   * streamed: see {@link AccountHistory}. 404 for an account whose journal is empty.
   */
  private Route audit(String address) {
    return parameterOptional("since", since -> parameterOptional("until", until ->
        parameterOptional("folder", folder -> {
          AuditFilter filter;
          try {
            filter = AuditFilter.of(since, until, folder);
          } catch (RuntimeException e) {
            return complete(ApiError.fromFailure(e, log));
          }
          return answer(history.history(address, filter), Json::lines);
        })));
  }

  /**
   * Whether the live state of the account's folder tree and of each of its folders equals the
   * state rebuilt from the journal: see {@link AccountVerifier}. It may take longer than other
   * requests: its own timeout.
   */
  private Route verify(String address) {
    return withRequestTimeout(
        DurationConverters.toScala(settings.verifyTimeout()),
        request -> ApiError.response(StatusCodes.SERVICE_UNAVAILABLE, "unavailable",
            "verification took longer than " + settings.verifyTimeout().toSeconds()
                + " s (mail-cluster.admin.verify.request-timeout)"),
        () -> reply(verifier.verify(address), report -> report));
  }

  private Route aliases() {
    return concat(
        pathEndOrSingleSlash(
            () ->
                post(
                    () ->
                        body(
                            Requests.CreateAlias.class,
                            r ->
                                created(
                                    controlData.addAlias(
                                        required(r.alias(), "alias"), required(r.target(), "target")),
                                    () -> Map.of(
                                        "alias", MailAddress.parse(r.alias()).address(),
                                        "target", MailAddress.parse(r.target()).address()))))),
        path(segment(), alias -> delete(() -> noContent(controlData.removeAlias(alias)))));
  }

  /** Accounts of every domain, domain by domain (the listing lives in each Domain entity). */
  private CompletionStage<List<String>> allAccounts() {
    return controlData
        .listDomains()
        .thenCompose(
            domains -> {
              CompletionStage<List<String>> all = CompletableFuture.completedFuture(List.of());
              for (String domain : domains) {
                all = all.thenCompose(
                    sofar -> controlData.listAccounts(domain).thenApply(more -> concatenated(sofar, more)));
              }
              return all;
            });
  }

  private static List<String> concatenated(List<String> first, List<String> second) {
    List<String> both = new ArrayList<>(first);
    both.addAll(second);
    return both;
  }

  private Route cluster() {
    return reply(clusterStatus.current(), s -> s);
  }

  /** Parses a JSON body into {@code type}; a body that does not parse is a 400, not a 500. */
  private <T> Route body(Class<T> type, Function<T, Route> inner) {
    return entity(
        Unmarshaller.entityToString(),
        text -> {
          T request;
          try {
            request = Json.parse(text, type);
          } catch (JsonProcessingException e) {
            return complete(
                ApiError.response(
                    StatusCodes.BAD_REQUEST, "invalid_json", e.getOriginalMessage()));
          }
          if (request == null) {
            return complete(
                ApiError.response(StatusCodes.BAD_REQUEST, "invalid_json", "a JSON object is required"));
          }
          return inner.apply(request);
        });
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw new MissingField(field);
    }
    return value;
  }

  private <T> Route reply(CompletionStage<T> outcome, Function<T, Object> body) {
    return answer(outcome, v -> Json.response(StatusCodes.OK, body.apply(v)));
  }

  /** 201 with the stored (canonical) names, known to parse once the call succeeded. */
  private Route created(CompletionStage<?> outcome, Supplier<Object> body) {
    return answer(outcome, v -> Json.response(StatusCodes.CREATED, body.get()));
  }

  private Route noContent(CompletionStage<?> outcome) {
    return answer(outcome, v -> HttpResponse.create().withStatus(StatusCodes.NO_CONTENT));
  }

  private <T> Route answer(CompletionStage<T> outcome, Function<T, HttpResponse> success) {
    return completeWithFuture(
        outcome.handle(
            (value, failure) ->
                failure == null ? success.apply(value) : ApiError.fromFailure(unwrap(failure), log)));
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  /** A required JSON field was absent; AdminErrors turns it into a 400. */
  static final class MissingField extends RuntimeException {
    MissingField(String field) {
      super("field '" + field + "' is required", null, false, false);
    }
  }
}
