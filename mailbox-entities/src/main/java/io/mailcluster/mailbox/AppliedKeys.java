package io.mailcluster.mailbox;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.mailcluster.serialization.CborSerializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import scala.collection.immutable.HashMap;
import scala.collection.immutable.HashMap$;
import scala.collection.immutable.TreeMap;
import scala.collection.immutable.TreeMap$;
import scala.jdk.javaapi.CollectionConverters;
import scala.math.Ordering;
import scala.math.Ordering$;

/**
 * The idempotency keys of a folder's most recent appends, each with the uid it produced.
 *
 * <p>Bounded: the oldest key (lowest uid) is forgotten once more than the limit are kept. Without
 * the bound every delivery ever made would stay in the state and in every snapshot, even after
 * its message is expunged; retries arrive within minutes to days, so only recent keys matter. The
 * limit must exceed the appends a folder takes within a sender's retry window. Immutable with
 * shared structure (persistent Scala maps), serialized as the list of keys in uid order.
 */
public final class AppliedKeys {

  /** One applied key. */
  public record Applied(String key, long uid) implements CborSerializable {}

  private static final Ordering<Long> BY_UID =
      Ordering$.MODULE$.comparatorToOrdering(Comparator.<Long>naturalOrder());

  private static final AppliedKeys EMPTY =
      new AppliedKeys(HashMap$.MODULE$.empty(), TreeMap$.MODULE$.empty(BY_UID));

  private final HashMap<String, Long> uidByKey;
  private final TreeMap<Long, String> keyByUid;

  private AppliedKeys(HashMap<String, Long> uidByKey, TreeMap<Long, String> keyByUid) {
    this.uidByKey = uidByKey;
    this.keyByUid = keyByUid;
  }

  public static AppliedKeys empty() {
    return EMPTY;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static AppliedKeys of(List<Applied> applied) {
    AppliedKeys keys = EMPTY;
    for (Applied a : applied) {
      keys = keys.with(a.key(), a.uid(), Integer.MAX_VALUE);
    }
    return keys;
  }

  @JsonValue
  public List<Applied> toList() {
    List<Applied> list = new ArrayList<>(keyByUid.size());
    CollectionConverters.asJava(keyByUid.iterator())
        .forEachRemaining(t -> list.add(new Applied(t._2(), t._1())));
    return list;
  }

  public int size() {
    return keyByUid.size();
  }

  /** The uid the key produced, if it is still remembered. */
  public OptionalLong uidFor(String key) {
    scala.Option<Long> uid = uidByKey.get(key);
    return uid.isDefined() ? OptionalLong.of(uid.get()) : OptionalLong.empty();
  }

  /** Remembers {@code key -> uid}, then forgets the oldest keys beyond {@code limit}. */
  AppliedKeys with(String key, long uid, int limit) {
    if (uidByKey.contains(key)) {
      return this;
    }
    HashMap<String, Long> byKey = uidByKey.updated(key, uid);
    TreeMap<Long, String> byUid = keyByUid.updated(uid, key);
    while (byUid.size() > limit) {
      Long oldest = byUid.firstKey();
      byKey = byKey.removed(byUid.apply(oldest));
      byUid = byUid.removed(oldest);
    }
    return new AppliedKeys(byKey, byUid);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AppliedKeys a && keyByUid.equals(a.keyByUid);
  }

  @Override
  public int hashCode() {
    return keyByUid.hashCode();
  }

  @Override
  public String toString() {
    return "AppliedKeys[" + size() + " keys]";
  }
}
