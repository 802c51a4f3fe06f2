package io.mailcluster.node.admin;

import io.mailcluster.node.admin.VerifyReport.Difference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The differences found in one comparison: every one is counted, the first {@code max} kept, so
 * a folder whose every message differs still makes a short answer. Mutable, confined to the one
 * verification that fills it (its stages run one after another).
 */
final class Differences {

  /** What a side without the value shows. */
  static final String ABSENT = "absent";

  private final int max;
  private final List<Difference> kept = new ArrayList<>();
  private final Set<String> onceNoted = new HashSet<>();
  private int count;

  Differences(int max) {
    if (max < 0) {
      throw new IllegalArgumentException("max-differences must not be negative: " + max);
    }
    this.max = max;
  }

  /** Notes {@code field} if its live and replayed values are not equal. */
  void compare(Long uid, String field, Object live, Object replayed) {
    if (!Objects.equals(live, replayed)) {
      add(uid, field, String.valueOf(live), String.valueOf(replayed));
    }
  }

  void add(Long uid, String field, String live, String replayed) {
    count++;
    if (kept.size() < max) {
      kept.add(new Difference(uid, field, live, replayed));
    }
  }

  /** Notes a folder-level difference of {@code field} unless one was already noted. */
  void addOnce(String field, String live, String replayed) {
    if (onceNoted.add(field)) {
      add(null, field, live, replayed);
    }
  }

  boolean isEmpty() {
    return count == 0;
  }

  int count() {
    return count;
  }

  List<Difference> kept() {
    return List.copyOf(kept);
  }
}
