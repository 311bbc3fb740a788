package dev.atelier.server.tasks;

/**
 * The most recent output of a run, at most {@code limit} characters. When older output is dropped
 * the kept part starts at a line boundary where one is near, and the replay says how much is
 * missing.
 */
final class RunOutput {

  private final int limit;
  private final StringBuilder text = new StringBuilder();
  private long dropped;

  RunOutput(int limit) {
    this.limit = limit;
  }

  void append(String chunk) {
    text.append(chunk);
    if (text.length() > limit) {
      int cut = text.length() - limit;
      int newline = text.indexOf("\n", cut);
      if (newline >= 0 && newline - cut < 4096) {
        cut = newline + 1;
      }
      text.delete(0, cut);
      dropped += cut;
    }
  }

  /** What a late subscriber is sent: a note about dropped output, then the kept output. */
  String replay() {
    if (dropped == 0) {
      return text.toString();
    }
    return "\u001B[2m[" + dropped + " earlier characters not kept]\u001B[0m\r\n" + text;
  }
}
