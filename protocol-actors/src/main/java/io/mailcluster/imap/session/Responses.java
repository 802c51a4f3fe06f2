package io.mailcluster.imap.session;

import io.mailcluster.imap.codec.ImapResponse;
import io.mailcluster.imap.codec.ImapResponse.Condition;
import io.mailcluster.imap.codec.ResponseCode;
import io.mailcluster.imap.codec.ResponseEncoder;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/** The responses of one command, collected in order and encoded at once. */
final class Responses {

  private final List<ImapResponse> responses = new ArrayList<>();

  Responses add(ImapResponse response) {
    responses.add(response);
    return this;
  }

  Responses addAll(List<? extends ImapResponse> more) {
    responses.addAll(more);
    return this;
  }

  Responses ok(String tag, ResponseCode code, String text) {
    return add(new ImapResponse.Tagged(tag, Condition.OK, code, text));
  }

  Responses ok(String tag, String text) {
    return ok(tag, null, text);
  }

  Responses no(String tag, ResponseCode code, String text) {
    return add(new ImapResponse.Tagged(tag, Condition.NO, code, text));
  }

  Responses bad(String tag, ResponseCode code, String text) {
    return add(new ImapResponse.Tagged(tag, Condition.BAD, code, text));
  }

  Responses untaggedOk(ResponseCode code, String text) {
    return add(new ImapResponse.Untagged(Condition.OK, code, text));
  }

  ByteString encode(ResponseEncoder encoder) {
    ByteStringBuilder out = new ByteStringBuilder();
    for (ImapResponse r : responses) {
      out.append(encoder.encode(r));
    }
    return out.result();
  }
}
