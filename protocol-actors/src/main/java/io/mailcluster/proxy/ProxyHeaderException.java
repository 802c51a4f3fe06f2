package io.mailcluster.proxy;

/** A connection did not start with a valid PROXY header; it is closed without a session. */
public final class ProxyHeaderException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ProxyHeaderException(String reason) {
    super(reason, null, false, false);
  }
}
