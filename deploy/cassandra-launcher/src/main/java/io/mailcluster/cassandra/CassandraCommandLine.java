package io.mailcluster.cassandra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The command that runs Cassandra in its own JVM: flags from resources, classpath from the build. */
final class CassandraCommandLine {

  static final String MAIN_CLASS = "org.apache.cassandra.service.CassandraDaemon";
  static final String DATA_DIRECTORY_MARKER = "-Dmailcluster.cassandra.dir=";

  // Xms = Xmx would make the whole heap resident at once (RSS 0.83 GB instead of 0.35 GB with a
  // 512m heap, measured); the heap still grows to maxHeap when Cassandra needs it.
  private static final long INITIAL_HEAP_BYTES = 64L << 20;

  private CassandraCommandLine() {}

  /**
   * @param classpathArgFile holds {@link #classpathArgFileContent()}
   * @param detached start in a session of its own (setsid), so that signals meant for the
   *     launching terminal (Ctrl-C, hang-up) never reach a Cassandra that should outlive it
   */
  static List<String> of(CassandraSettings settings, Path yaml, Path classpathArgFile, boolean detached) {
    List<String> command = new ArrayList<>();
    if (detached) {
      setsid().ifPresent(command::add);
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // First, so it survives the 4 KiB the JDK reads of another process's command line: how a pid
    // file's process is recognised as ours (see PidFile), and which directory it serves.
    command.add(DATA_DIRECTORY_MARKER + settings.dataDirectory());
    command.add("-Xms" + (settings.maxHeapBytes() < INITIAL_HEAP_BYTES ? settings.maxHeap() : "64m"));
    command.add("-Xmx" + settings.maxHeap());
    command.addAll(options("jvm17.options"));
    if (settings.fastUnsafe()) {
      command.addAll(options("fast-unsafe.options"));
    }
    // foreground: else Cassandra closes stdout/stderr, and the console log with them.
    command.add("-Dcassandra-foreground=yes");
    command.add("-Dcassandra.config=" + yaml.toUri());
    command.add("-Dcassandra.logdir=" + settings.logDirectory());
    command.add("-Dcassandra.storagedir=" + settings.dataDirectory());
    command.add("-Dcassandra.triggers_dir=" + CassandraConfigFiles.triggersDirectory(settings));
    command.add("-Dlogback.configurationFile=" + CassandraConfigFiles.logbackFile(settings));
    // The 100 jars (9 KB) go in a file: `ps` stays readable and the main class stays in view.
    command.add("@" + classpathArgFile);
    command.add(MAIN_CLASS);
    return command;
  }

  /** The java launcher's @argfile syntax: a quoted value, backslashes and quotes escaped. */
  static String classpathArgFileContent() {
    String quoted = serverClasspath().replace("\\", "\\\\").replace("\"", "\\\"");
    return "-cp \"" + quoted + "\"\n";
  }

  /** One flag per line; blank lines and '#' comments skipped. */
  static List<String> options(String resource) {
    return Arrays.stream(resource(resource).split("\\R"))
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .collect(Collectors.toList());
  }

  /**
   * Written by maven-dependency-plugin at build time: absolute paths into the local Maven
   * repository, so this works on the machine that built the module.
   */
  static String serverClasspath() {
    String classpath = resource("server.classpath").strip();
    if (classpath.isEmpty()) {
      throw new IllegalStateException("server.classpath is empty: rebuild deploy/cassandra-launcher");
    }
    for (String entry : classpath.split(java.io.File.pathSeparator)) {
      if (!Files.isRegularFile(Path.of(entry))) {
        throw new IllegalStateException(
            "Cassandra server jar missing: " + entry
                + " (run `mvn -pl deploy/cassandra-launcher install` online once to resolve it)");
      }
    }
    return classpath;
  }

  private static String resource(String name) {
    try (InputStream in = CassandraCommandLine.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource missing from cassandra-launcher: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + name, e);
    }
  }

  /** setsid(1) runs Cassandra itself (it execs, keeping the pid) when the caller leads no group. */
  private static Optional<String> setsid() {
    return List.of("/usr/bin/setsid", "/bin/setsid").stream()
        .filter(path -> Files.isExecutable(Path.of(path)))
        .findFirst();
  }
}
