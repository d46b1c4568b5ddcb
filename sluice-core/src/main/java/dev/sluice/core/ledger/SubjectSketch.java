package dev.sluice.core.ledger;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The distinct data subjects one destination reached on one UTC day, as {@link HyperLogLog}
 * registers over the destination's pseudonyms of userId (else anonymousId).
 *
 * @param registers {@link HyperLogLog#REGISTERS} bytes; a copy, owned by this record
 */
public record SubjectSketch(String destination, LocalDate day, byte[] registers) {
  public SubjectSketch {
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(day, "day");
    if (registers.length != HyperLogLog.REGISTERS) {
      throw new IllegalArgumentException("a subject sketch has " + HyperLogLog.REGISTERS + " registers");
    }
  }

  /** The estimated number of distinct subjects. */
  public long estimate() {
    return HyperLogLog.estimate(registers);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SubjectSketch s
        && s.destination.equals(destination)
        && s.day.equals(day)
        && java.util.Arrays.equals(s.registers, registers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(destination, day, java.util.Arrays.hashCode(registers));
  }

  @Override
  public String toString() {
    return "SubjectSketch[" + destination + ", " + day + ", ~" + estimate() + "]";
  }
}
