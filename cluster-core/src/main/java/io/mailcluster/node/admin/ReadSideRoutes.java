package io.mailcluster.node.admin;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import io.mailcluster.control.MailAddress;
import io.mailcluster.projections.ReadSide;
import io.mailcluster.projections.audit.AuditFilter;
import io.mailcluster.projections.usage.FolderUsage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;

/**
 * The admin API over the read side: projection status and rebuild, the directory listing, and
 * the two read models an account has (usage, and the audit log as projected, as opposed to the
 * journal audit).
 */
final class ReadSideRoutes extends AllDirectives {

  /** An account's usage as the read model has it. */
  record AccountUsage(String account, long messages, long bytes, List<FolderUsage> folders) {}

  private final ReadSideHolder readSide;
  private final DirectoryListing directory;
  private final Logger log;

  ReadSideRoutes(ActorSystem<?> system, ReadSideHolder readSide) {
    this.readSide = readSide;
    this.directory = new DirectoryListing(system);
    this.log = system.log();
  }

  /**
   * {@code /api/directory}: GET the domains; {@code /api/directory/{domain}}: its accounts with
   * quota and usage, and its aliases (from the read models, a few seconds behind the entities).
   */
  Route directory() {
    return concat(
        pathEndOrSingleSlash(() -> get(() -> answer(use(r -> r.directory().domains()),
            domains -> Json.response(StatusCodes.OK, Map.of("domains", domains))))),
        path(segment(), domain -> get(() -> answer(use(r -> directory.domain(r, domain)),
            listing -> Json.response(StatusCodes.OK, listing)))));
  }

  /** {@code /api/projections}: GET the status of every instance, POST {name}/rebuild. */
  Route projections() {
    return concat(
        pathEndOrSingleSlash(() -> get(() -> answer(use(r -> r.control().status()),
            all -> Json.response(StatusCodes.OK, Map.of("projections", all))))),
        path(segment().slash("rebuild"), name -> post(() -> answer(
            use(r -> r.control().rebuild(name)),
            done -> Json.response(StatusCodes.ACCEPTED, Map.of("projection", name, "status",
                "rebuilding from the journal; follow it with GET /api/projections"))))));
  }

  /** {@code /api/accounts/{address}/usage} and {@code .../audit-log}. */
  Route account(String address) {
    return concat(
        path("usage", () -> get(() -> answer(
            use(r -> r.usage().account(canonical(address))),
            folders -> Json.response(StatusCodes.OK, usage(canonical(address), folders))))),
        path("audit-log", () -> get(() -> parameterOptional("since", since ->
            parameterOptional("until", until -> answer(
                use(r -> r.auditLog().records(canonical(address),
                    AuditFilter.of(since, until, Optional.empty()))),
                Json::lines))))));
  }

  private static AccountUsage usage(String account, List<FolderUsage> folders) {
    return new AccountUsage(account, folders.stream().mapToLong(FolderUsage::messages).sum(),
        folders.stream().mapToLong(FolderUsage::bytes).sum(), folders);
  }

  private static String canonical(String address) {
    return MailAddress.parse(address).address();
  }

  /** The call on the read side, or its failure (NotReady, INVALID address...) as a failed stage. */
  private <T> CompletionStage<T> use(Function<ReadSide, CompletionStage<T>> call) {
    try {
      return call.apply(readSide.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedStage(e);
    }
  }

  private <T> Route answer(CompletionStage<T> outcome, Function<T, HttpResponse> success) {
    return completeWithFuture(outcome.handle((value, failure) -> failure == null
        ? success.apply(value)
        : ApiError.fromFailure(failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure, log)));
  }
}
