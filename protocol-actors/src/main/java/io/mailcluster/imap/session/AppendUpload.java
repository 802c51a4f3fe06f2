package io.mailcluster.imap.session;

import io.mailcluster.mailbox.AppendResult;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.util.ByteString;

/**
 * One APPENDed message on its way into the store: {@link #offer} each chunk after the previous
 * offer completed (the store sets the pace), then {@link #commit} or {@link #abort}.
 */
public interface AppendUpload {

  CompletionStage<Void> offer(ByteString chunk);

  /** Completes when the blob and the folder's append event are durable: then OK [APPENDUID]. */
  CompletionStage<AppendResult> commit();

  /** Drops the message; idempotent, never throws. */
  void abort();
}
