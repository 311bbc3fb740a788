package dev.atelier.collab.encoding;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** JavaScript number semantics needed to reproduce Yjs's JSON text. */
public final class JsNumbers {

  private JsNumbers() {}

  /** Integer for integral values within ±(2^31-1) (except -0), otherwise Double. */
  static Object normalize(double d) {
    if (d == Math.rint(d)
        && Math.abs(d) <= Integer.MAX_VALUE
        && !(d == 0 && Double.doubleToRawLongBits(d) != 0)) {
      return (int) d;
    }
    return d;
  }

  /** JavaScript's {@code Number.prototype.toString()} for a finite double. */
  public static String toString(double d) {
    if (d == 0) {
      return "0";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e21) {
      return new BigDecimal(d).toPlainString();
    }
    String sign = d < 0 ? "-" : "";
    double a = Math.abs(d);
    // shortest digit string that reads back to the same double (ECMAScript Number::toString)
    BigDecimal exact = new BigDecimal(a);
    BigDecimal shortest = null;
    for (int p = 1; p <= 17; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() == a) {
        shortest = r;
        break;
      }
    }
    if (shortest == null) {
      shortest = exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }
    shortest = shortest.stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    int k = digits.length();
    int n = k - shortest.scale(); // value = 0.digits * 10^n
    StringBuilder sb = new StringBuilder(sign);
    if (k <= n && n <= 21) {
      sb.append(digits);
      for (int i = 0; i < n - k; i++) {
        sb.append('0');
      }
    } else if (0 < n && n <= 21) {
      sb.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      sb.append("0.");
      for (int i = 0; i < -n; i++) {
        sb.append('0');
      }
      sb.append(digits);
    } else {
      sb.append(digits.charAt(0));
      if (k > 1) {
        sb.append('.').append(digits, 1, k);
      }
      int e = n - 1;
      sb.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
    return sb.toString();
  }
}
