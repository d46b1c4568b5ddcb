package dev.sluice.core.policy;

import dev.sluice.core.detect.Category;
import java.util.Set;

/**
 * Sees every field decision a contract makes, so accounting (the flow ledger) never has to
 * re-walk an event. Called on the hot path: implementations must be cheap and must not keep
 * values (none are passed).
 */
public interface FlowObserver {
  FlowObserver NONE =
      new FlowObserver() {
        @Override
        public void field(String path, Set<Category> categories, Outcome outcome) {}

        @Override
        public void eventDropped(Set<Category> categories) {}
      };

  /** A leaf at {@code path} (array positions collapsed) had {@code categories} and met {@code outcome}. */
  void field(String path, Set<Category> categories, Outcome outcome);

  /**
   * {@link #field(String, Set, Outcome)} with the path as a character sequence that is valid only
   * during the call (the contract's path buffer): an observer that can recognise a path without a
   * String (the flow ledger) saves building one per field. The default builds it.
   */
  default void field(CharSequence path, Set<Category> categories, Outcome outcome) {
    field(path.toString(), categories, outcome);
  }

  /**
   * {@code onPii: drop-event} held the whole event back because of {@code categories}. Ends the
   * event: fields reported before the drop never left.
   */
  void eventDropped(Set<Category> categories);

  /**
   * The contract finished the event and it goes to the destination. Ends the event. {@code
   * subject} is the destination's pseudonym of the event's {@code userId}, else of its {@code
   * anonymousId}, else null: never a raw id. It is the same pseudonym the contract writes for
   * those fields, so distinct subjects per destination can be counted without joining vendors.
   * Called only for observers other than {@link #NONE}.
   */
  default void eventSent(String subject) {}
}
