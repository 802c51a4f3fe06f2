package io.mailcluster.node.admin;

/** A part of the node set up once Cassandra answers is not there yet: the API answers 503. */
final class NotReady extends RuntimeException {
  NotReady(String what) {
    super(what + " is not ready yet; retry later", null, false, false);
  }
}
