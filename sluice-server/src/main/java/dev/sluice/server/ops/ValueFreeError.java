package dev.sluice.server.ops;

/**
 * A loggable copy of an exception chain: class names and stack frames kept, messages dropped.
 * Messages of library exceptions quote their input ("For input string: ..."), and on the hot path
 * that input is an event value; the stack is enough to find the bug.
 */
public final class ValueFreeError extends RuntimeException {
  private ValueFreeError(Throwable original, Throwable cause) {
    super(original.getClass().getName(), cause, false, true);
    setStackTrace(original.getStackTrace());
  }

  public static ValueFreeError of(Throwable t) {
    return of(t, 0);
  }

  private static ValueFreeError of(Throwable t, int depth) {
    Throwable cause = t.getCause() == null || t.getCause() == t || depth > 8 ? null : of(t.getCause(), depth + 1);
    return new ValueFreeError(t, cause);
  }
}
