package dev.atelier.server.ui.workbench;

import java.util.Locale;

/**
 * A stable colour per user for remote cursors and presence: the same user id always gets the same
 * colour, in every browser, without storing it.
 *
 * @param color the cursor colour, {@code #rrggbb}
 * @param colorLight the selection colour: {@code color} at 20% opacity, {@code #rrggbbaa}
 */
public record UserColors(String color, String colorLight) {

  /** Saturation and lightness that read well on both the light and the dark editor theme. */
  private static final double SATURATION = 0.65;

  private static final double LIGHTNESS = 0.5;
  private static final String LIGHT_ALPHA = "33";

  /** The colours of {@code userId}. */
  public static UserColors of(String userId) {
    // FNV-1a spreads similar ids (UUIDs that share a prefix) over the whole hue circle.
    int hash = 0x811c9dc5;
    for (int i = 0; i < userId.length(); i++) {
      hash ^= userId.charAt(i);
      hash *= 0x01000193;
    }
    double hue = Integer.toUnsignedLong(hash) % 360;
    String color = hex(hue);
    return new UserColors(color, color + LIGHT_ALPHA);
  }

  private static String hex(double hue) {
    double c = (1 - Math.abs(2 * LIGHTNESS - 1)) * SATURATION;
    double x = c * (1 - Math.abs((hue / 60) % 2 - 1));
    double m = LIGHTNESS - c / 2;
    double[] rgb =
        switch ((int) (hue / 60)) {
          case 0 -> new double[] {c, x, 0};
          case 1 -> new double[] {x, c, 0};
          case 2 -> new double[] {0, c, x};
          case 3 -> new double[] {0, x, c};
          case 4 -> new double[] {x, 0, c};
          default -> new double[] {c, 0, x};
        };
    return String.format(
        Locale.ROOT,
        "#%02x%02x%02x",
        Math.round((rgb[0] + m) * 255),
        Math.round((rgb[1] + m) * 255),
        Math.round((rgb[2] + m) * 255));
  }
}
