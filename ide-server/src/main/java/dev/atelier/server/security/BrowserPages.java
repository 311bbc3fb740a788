package dev.atelier.server.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.error.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.util.HtmlUtils;

/**
 * Refusals of browser requests outside {@code /api}: a small HTML page for a browser that posted a
 * form natively (the sign-in form, the context URL's confirmation), a problem document otherwise.
 * Same status and wording either way.
 */
final class BrowserPages {

  private BrowserPages() {}

  static void refuse(
      HttpServletRequest request,
      HttpServletResponse response,
      ObjectMapper mapper,
      ErrorCode code,
      String title,
      String detail)
      throws IOException {
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    if (accept == null || !accept.contains("text/html")) {
      Problems.write(response, mapper, code, detail);
      return;
    }
    response.setStatus(code.status().value());
    response.setContentType("text/html;charset=UTF-8");
    response
        .getWriter()
        .write(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                + HtmlUtils.htmlEscape(title)
                + " · Atelier</title></head><body style=\"font-family:sans-serif;max-width:34rem;"
                + "margin:4rem auto\"><h1>"
                + HtmlUtils.htmlEscape(title)
                + "</h1><p id=\"refusal\" data-code=\""
                + code.name()
                + "\">"
                + HtmlUtils.htmlEscape(detail)
                + "</p><p><a href=\"/login\">Sign-in page</a> · <a href=\"/\">Your workspaces</a>"
                + "</p></body></html>");
  }

  /** CSRF refusals: {@code 403 CSRF_REJECTED}. */
  static AccessDeniedHandler csrfRejected(ObjectMapper mapper) {
    return (request, response, e) ->
        refuse(
            request,
            response,
            mapper,
            ErrorCode.CSRF_REJECTED,
            "This form has expired",
            "The request lacks the CSRF token of your session: it came from another site, or the"
                + " page was opened before your session started. Reload the page and try again.");
  }
}
