package io.mailcluster.node.admin;

import io.mailcluster.projections.ReadSide;

/** The node's read side, set once Cassandra answers with the current schema (see NodeGuardian). */
public final class ReadSideHolder {

  private volatile ReadSide readSide;

  /** The read side; NotReady (503) until it is set. */
  ReadSide get() {
    ReadSide ready = readSide;
    if (ready == null) {
      throw new NotReady("the read side");
    }
    return ready;
  }

  public void set(ReadSide ready) {
    this.readSide = ready;
  }
}
