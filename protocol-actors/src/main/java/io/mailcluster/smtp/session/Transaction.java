package io.mailcluster.smtp.session;

import io.mailcluster.smtp.codec.BodyType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;

/**
 * One mail transaction (MAIL FROM to the end of the message), as an immutable value.
 * {@code forwardPaths} are the accepted RCPT addresses, {@code mailboxes} what they expand
 * to; {@code messageId} is the request id of the message once BeginMessage was emitted (0
 * before); {@code octets} counts BDAT content received so far; {@code declaredSize} is MAIL
 * FROM's SIZE= (RFC 1870), if given, for the recipients' quota check at RCPT.
 */
record Transaction(
    String reversePath,
    BodyType bodyType,
    boolean smtpUtf8,
    List<String> forwardPaths,
    List<String> mailboxes,
    long messageId,
    long octets,
    OptionalLong declaredSize) {

  Transaction {
    forwardPaths = List.copyOf(forwardPaths);
    mailboxes = List.copyOf(mailboxes);
  }

  static Transaction begin(
      String reversePath, BodyType bodyType, boolean smtpUtf8, OptionalLong declaredSize) {
    return new Transaction(
        reversePath, bodyType, smtpUtf8, List.of(), List.of(), 0, 0, declaredSize);
  }

  Transaction withRecipient(String forwardPath, List<String> expandedTo) {
    List<String> paths = new ArrayList<>(forwardPaths);
    paths.add(forwardPath);
    LinkedHashSet<String> boxes = new LinkedHashSet<>(mailboxes);
    boxes.addAll(expandedTo);
    return new Transaction(
        reversePath, bodyType, smtpUtf8, paths, List.copyOf(boxes), messageId, octets,
        declaredSize);
  }

  Transaction withMessage(long id) {
    return new Transaction(
        reversePath, bodyType, smtpUtf8, forwardPaths, mailboxes, id, octets, declaredSize);
  }

  Transaction plusOctets(long n) {
    return new Transaction(
        reversePath, bodyType, smtpUtf8, forwardPaths, mailboxes, messageId, octets + n,
        declaredSize);
  }

  boolean messageBegun() {
    return messageId != 0;
  }

  SessionEffect.Envelope envelope() {
    return new SessionEffect.Envelope(reversePath, mailboxes, bodyType, smtpUtf8);
  }
}
