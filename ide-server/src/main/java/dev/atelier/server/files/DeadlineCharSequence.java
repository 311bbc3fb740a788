package dev.atelier.server.files;

/**
 * A {@link CharSequence} that throws once a deadline has passed, so that a regular expression with
 * catastrophic backtracking cannot keep a search thread busy beyond the search's time limit (the
 * matcher reads characters all the time, so it notices).
 */
final class DeadlineCharSequence implements CharSequence {

  /** Thrown from {@link #charAt} after the deadline. */
  static final class Expired extends RuntimeException {
    Expired() {
      super("search time limit reached", null, false, false);
    }
  }

  private final CharSequence text;
  private final long deadlineNanos;
  private int reads;

  DeadlineCharSequence(CharSequence text, long deadlineNanos) {
    this.text = text;
    this.deadlineNanos = deadlineNanos;
  }

  @Override
  public char charAt(int index) {
    if ((++reads & 0xfff) == 0 && System.nanoTime() - deadlineNanos > 0) {
      throw new Expired();
    }
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new DeadlineCharSequence(text.subSequence(start, end), deadlineNanos);
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
