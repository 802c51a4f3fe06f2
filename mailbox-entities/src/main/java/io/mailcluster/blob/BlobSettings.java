package io.mailcluster.blob;

import com.typesafe.config.Config;

/** Settings of the blob store, under {@code mail-cluster.blobs}. */
public record BlobSettings(int chunkSize, int writeParallelism, int readParallelism, String consistency) {

  public static BlobSettings fromConfig(Config config) {
    Config c = config.getConfig("mail-cluster.blobs");
    return new BlobSettings(
        Math.toIntExact(c.getBytes("chunk-size")),
        c.getInt("write-parallelism"),
        c.getInt("read-parallelism"),
        c.getString("consistency"));
  }
}
