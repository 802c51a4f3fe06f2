package io.mailcluster.node.admin;

import io.mailcluster.blob.BlobStore;
import java.util.Optional;

/**
 * The node's blob store, shared by SMTP delivery and the admin API's mail listing. It is set up
 * in the background once Cassandra answers (see SmtpListener); until then it is empty.
 */
public final class BlobStoreHolder {

  private volatile BlobStore blobStore;

  public Optional<BlobStore> get() {
    return Optional.ofNullable(blobStore);
  }

  public void set(BlobStore ready) {
    this.blobStore = ready;
  }
}
