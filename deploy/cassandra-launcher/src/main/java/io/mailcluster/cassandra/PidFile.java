package io.mailcluster.cassandra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** The pid of a detached Cassandra, so that a later command can find and stop it. */
final class PidFile {

  private final Path path;

  PidFile(Path path) {
    this.path = path.toAbsolutePath().normalize();
  }

  Path path() {
    return path;
  }

  /** Empty when there is no file or it holds no number. */
  Optional<Long> read() {
    try {
      return Optional.of(Long.parseLong(Files.readString(path, StandardCharsets.US_ASCII).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Written whole or not at all: a reader never sees half a number. */
  void write(long pid) throws IOException {
    Files.createDirectories(path.getParent());
    Path temp = path.resolveSibling(path.getFileName() + ".tmp");
    Files.writeString(temp, pid + "\n", StandardCharsets.US_ASCII);
    Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  void delete() throws IOException {
    Files.deleteIfExists(path);
  }

  /**
   * The live Cassandra the file names. A pid that is gone, or that the system has since given to
   * another program, does not count: stopping that would kill a stranger.
   */
  Optional<ProcessHandle> runningCassandra() {
    return read()
        .flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .filter(handle -> handle.info().commandLine()
            .map(line -> line.contains(CassandraCommandLine.DATA_DIRECTORY_MARKER)
                || line.contains(CassandraCommandLine.MAIN_CLASS))
            .orElse(false));
  }
}
