package dev.sluice.core.ledger;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A HyperLogLog distinct-count sketch (Flajolet et al. 2007) with precision 14: 16,384 one-byte
 * registers (16 KiB), standard error 1.04/√16384 ≈ 0.81%. The estimate uses the standard
 * small-range correction (linear counting while registers are still empty); with a 64-bit hash no
 * large-range correction is needed.
 *
 * <p>Thread-safe and lock-free: a register is only ever raised, with a compare-and-set, and most
 * adds of an already-seen item read one byte and write nothing. Two sketches merge by taking the
 * larger value of each register, so merging is idempotent: the store can merge the same registers
 * twice without counting anyone twice.
 *
 * <p>It is fed {@link #hash(String) hashes} of pseudonyms, never raw identifiers; its registers
 * hold small integers (at most 51) from which no input can be recovered.
 */
public final class HyperLogLog {
  public static final int PRECISION = 14;
  public static final int REGISTERS = 1 << PRECISION;

  private static final VarHandle REGISTER = MethodHandles.arrayElementVarHandle(byte[].class);
  private static final double ALPHA = 0.7213 / (1 + 1.079 / REGISTERS);

  private final byte[] registers;

  public HyperLogLog() {
    this.registers = new byte[REGISTERS];
  }

  /** A sketch holding a copy of {@code registers} (e.g. read back from a store). */
  public static HyperLogLog of(byte[] registers) {
    checkLength(registers);
    HyperLogLog h = new HyperLogLog();
    System.arraycopy(registers, 0, h.registers, 0, REGISTERS);
    return h;
  }

  /** Adds one item given by its 64-bit hash; true when a register changed. */
  public boolean add(long hash) {
    int index = (int) (hash >>> (64 - PRECISION));
    // The remaining 50 bits, with a guard bit so the rank is at most 64 - PRECISION + 1.
    long rest = (hash << PRECISION) | (1L << (PRECISION - 1));
    byte rank = (byte) (Long.numberOfLeadingZeros(rest) + 1);
    byte current = (byte) REGISTER.getOpaque(registers, index);
    while (rank > current) {
      byte witness = (byte) REGISTER.compareAndExchange(registers, index, current, rank);
      if (witness == current) {
        return true;
      }
      current = witness;
    }
    return false;
  }

  /** Adds an item by its string form (a pseudonym); see {@link #hash(String)}. */
  public boolean add(String item) {
    return add(hash(item));
  }

  /** Raises each register to {@code other}'s where that is larger. */
  public void merge(byte[] other) {
    checkLength(other);
    for (int i = 0; i < REGISTERS; i++) {
      byte theirs = other[i];
      byte current = (byte) REGISTER.getOpaque(registers, i);
      while (theirs > current) {
        byte witness = (byte) REGISTER.compareAndExchange(registers, i, current, theirs);
        if (witness == current) {
          break;
        }
        current = witness;
      }
    }
  }

  /** A copy of the registers (one byte each), for storing or merging elsewhere. */
  public byte[] registers() {
    byte[] out = new byte[REGISTERS];
    for (int i = 0; i < REGISTERS; i++) {
      out[i] = (byte) REGISTER.getOpaque(registers, i);
    }
    return out;
  }

  /** The estimated number of distinct items added. */
  public long estimate() {
    return estimate(registers());
  }

  /** The estimate for a register array of {@link #REGISTERS} bytes. */
  public static long estimate(byte[] registers) {
    checkLength(registers);
    double sum = 0;
    int zeros = 0;
    for (byte r : registers) {
      sum += Double.longBitsToDouble((1023L - r) << 52); // 2^-r, exact
      if (r == 0) {
        zeros++;
      }
    }
    double raw = ALPHA * REGISTERS * (double) REGISTERS / sum;
    if (raw <= 2.5 * REGISTERS && zeros > 0) {
      return Math.round(REGISTERS * Math.log((double) REGISTERS / zeros));
    }
    return Math.round(raw);
  }

  /**
   * A 64-bit hash of a string: FNV-1a over its UTF-16 chars, then the MurmurHash3 finaliser so
   * every input bit reaches every output bit (HyperLogLog reads both the top bits and the run of
   * zeros below them).
   */
  public static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0, n = s.length(); i < n; i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  private static void checkLength(byte[] registers) {
    if (registers.length != REGISTERS) {
      throw new IllegalArgumentException(
          "a HyperLogLog sketch has " + REGISTERS + " registers, not " + registers.length);
    }
  }
}
