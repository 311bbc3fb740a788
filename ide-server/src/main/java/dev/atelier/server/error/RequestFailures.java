package dev.atelier.server.error;

import io.undertow.server.RequestTooBigException;
import io.undertow.server.handlers.form.MultiPartParserDefinition;
import io.undertow.util.MalformedMessageException;
import io.undertow.util.ParameterLimitException;
import java.util.Optional;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/**
 * Recognises the failures of a request that are the client's fault although they surface as
 * exceptions deep in the web server (Undertow) or in Spring's multipart handling: a body over the
 * size limit, too many multipart parts, a multipart body that cannot be parsed, a missing CSRF
 * token. Each becomes a 4xx problem that names it instead of a 500.
 */
final class RequestFailures {

  /** What the client did wrong, as a code and a sentence that says what to do. */
  record Failure(ErrorCode code, String detail) {}

  private RequestFailures() {}

  /** The client's mistake behind {@code failure} (searched along its causes), if it is one. */
  static Optional<Failure> classify(Throwable failure) {
    boolean multipart = false;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RequestTooBigException
          || t instanceof MaxUploadSizeExceededException
          || t instanceof MultiPartParserDefinition.FileTooLargeException) {
        return Optional.of(tooLarge());
      }
      if (t instanceof ParameterLimitException) {
        return Optional.of(
            new Failure(
                ErrorCode.PAYLOAD_TOO_LARGE,
                "The request has more parts or parameters than this server accepts (1,000);"
                    + " send fewer files per request."));
      }
      if (t instanceof CsrfException) {
        return Optional.of(csrf());
      }
      if (t instanceof MalformedMessageException) {
        return Optional.of(malformedMultipart());
      }
      multipart |= t instanceof MultipartException;
    }
    return multipart ? Optional.of(malformedMultipart()) : Optional.empty();
  }

  static Failure tooLarge() {
    return new Failure(
        ErrorCode.PAYLOAD_TOO_LARGE,
        "The request body is larger than this server accepts (100 MB unless an administrator"
            + " changed it); send less per request.");
  }

  static Failure csrf() {
    return new Failure(
        ErrorCode.CSRF_REJECTED,
        "The request lacks the CSRF token of your session: it came from another site, or the"
            + " page was opened before your session started. Reload the page and try again.");
  }

  private static Failure malformedMultipart() {
    return new Failure(
        ErrorCode.MALFORMED_REQUEST,
        "The multipart body cannot be parsed: check the boundary, the part headers (a file name"
            + " must not contain line breaks or other control characters) and that the body is"
            + " complete.");
  }
}
