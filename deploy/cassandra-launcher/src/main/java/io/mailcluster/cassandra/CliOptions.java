package io.mailcluster.cassandra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code --name value} (or {@code --name=value}) pairs after a command, checked against its names. */
final class CliOptions {

  /** Wrong arguments: the message is the one line CassandraMain prints. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  private final Map<String, String> values;

  private CliOptions(Map<String, String> values) {
    this.values = values;
  }

  static CliOptions parse(List<String> args, Set<String> allowed) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument: " + arg);
      }
      String name;
      String value;
      int equals = arg.indexOf('=');
      if (equals > 0) {
        name = arg.substring(2, equals);
        value = arg.substring(equals + 1);
      } else {
        name = arg.substring(2);
        if (i + 1 >= args.size()) {
          throw new UsageException("--" + name + " needs a value");
        }
        value = args.get(++i);
      }
      if (!allowed.contains(name)) {
        throw new UsageException("unknown option --" + name);
      }
      if (values.put(name, value) != null) {
        throw new UsageException("--" + name + " given twice");
      }
    }
    return new CliOptions(values);
  }

  Optional<String> optional(String name) {
    return Optional.ofNullable(values.get(name));
  }

  String text(String name, String orElse) {
    return values.getOrDefault(name, orElse);
  }

  String required(String name) {
    return optional(name).orElseThrow(() -> new UsageException("--" + name + " is required"));
  }

  Path path(String name) {
    return Path.of(required(name));
  }

  int port(String name) {
    return number(name, required(name), 1, 65535);
  }

  Duration seconds(String name, int orElse) {
    return Duration.ofSeconds(number(name, text(name, String.valueOf(orElse)), 1, 86_400));
  }

  private static int number(String name, String text, int min, int max) {
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--" + name + " must be a number from " + min + " to " + max + ": " + text);
  }
}
