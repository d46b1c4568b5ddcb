package dev.sluice.server.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What opening a store had to throw away: records after a torn write or a corrupt byte, which
 * recovery cuts off so the store opens. Only records never acknowledged can be lost to a crash;
 * anything else listed here means the disk or someone changed the files, and the operator should
 * look. Holds positions, sizes and reasons only, never record contents.
 *
 * @param droppedBytes per destination, the bytes cut off (destinations with nothing dropped are
 *     absent)
 * @param problems one line per cut, for the log and the admin API
 */
public record RecoveryReport(Map<String, Long> droppedBytes, List<String> problems) {
  private static final Logger LOG = LoggerFactory.getLogger(RecoveryReport.class);

  public RecoveryReport {
    droppedBytes = Map.copyOf(droppedBytes);
    problems = List.copyOf(problems);
  }

  /** True when recovery found nothing to drop. */
  public boolean clean() {
    return problems.isEmpty();
  }

  public long droppedBytes(String destination) {
    return droppedBytes.getOrDefault(destination, 0L);
  }

  public long totalDroppedBytes() {
    return droppedBytes.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Collects cuts while a store opens, logging each as it happens. */
  static final class Builder {
    private final String store;
    private final Map<String, Long> dropped = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();

    Builder(String store) {
      this.store = store;
    }

    void dropped(String destination, Path file, long offset, long bytes, String problem) {
      dropped.merge(destination, bytes, Long::sum);
      String line =
          String.format(
              "%s '%s': %s at offset %d of %s; dropped %d bytes",
              store, destination, problem, offset, file.getFileName(), bytes);
      problems.add(line);
      LOG.warn("recovery: {}", line);
    }

    RecoveryReport build() {
      return new RecoveryReport(dropped, problems);
    }
  }
}
