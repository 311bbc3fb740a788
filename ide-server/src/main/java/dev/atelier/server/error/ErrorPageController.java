package dev.atelier.server.error;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.DefaultErrorAttributes;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.WebAttributes;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The server's error page ({@code /error}, replacing Spring Boot's): whatever failed outside a
 * controller — in the web server while reading the body, in a filter, in multipart parsing — is
 * answered with a problem document. Client mistakes get their 4xx and a detail that names them; an
 * unexpected failure is a 500 whose {@code reference} is logged with the stack trace. Never a stack
 * trace or a host path in the body.
 */
@RestController
class ErrorPageController implements ErrorController {

  private static final Logger log = LoggerFactory.getLogger(ErrorPageController.class);
  private static final String MVC_ERROR = DefaultErrorAttributes.class.getName() + ".ERROR";

  private final HostPaths hostPaths;

  ErrorPageController(HostPaths hostPaths) {
    this.hostPaths = hostPaths;
  }

  @RequestMapping("${server.error.path:/error}")
  ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    Throwable failure = failure(request);
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    int status =
        request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer s ? s : 500;
    ProblemDetail problem = problem(request, failure, status);
    problem.setInstance(URI.create(uri instanceof String u ? u : request.getRequestURI()));
    return ResponseEntity.status(problem.getStatus())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(hostPaths.redact(problem));
  }

  private ProblemDetail problem(HttpServletRequest request, Throwable failure, int status) {
    Optional<RequestFailures.Failure> known =
        failure == null ? Optional.empty() : RequestFailures.classify(failure);
    if (known.isPresent()) {
      return Problems.of(known.get().code(), known.get().detail(), Map.of());
    }
    if (status >= 500 || (failure != null && status < 400)) {
      String reference = UUID.randomUUID().toString();
      log.error(
          "Unexpected error on {} (reference {})",
          request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
          reference,
          failure);
      return Problems.of(
          ErrorCode.INTERNAL,
          "Something went wrong on the server. Quote reference "
              + reference
              + " to the administrator.",
          Map.of("reference", reference));
    }
    HttpStatus resolved = HttpStatus.resolve(status);
    ErrorCode code =
        switch (status) {
          case 400 -> ErrorCode.VALIDATION_FAILED;
          case 401 -> ErrorCode.UNAUTHENTICATED;
          case 403 -> ErrorCode.FORBIDDEN;
          case 404 -> ErrorCode.NOT_FOUND;
          case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
          default -> null;
        };
    String detail =
        switch (status) {
          case 401 -> "Sign in, or send 'Authorization: Bearer <API token>'.";
          case 403 -> "You are not allowed to do this.";
          case 404 -> "There is nothing at this address.";
          case 405 -> "This address does not accept " + method(request) + ".";
          case 413 -> RequestFailures.tooLarge().detail();
          default -> resolved != null ? resolved.getReasonPhrase() + "." : "Bad request.";
        };
    if (code != null) {
      return Problems.of(code, detail, Map.of());
    }
    return ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail);
  }

  private static Throwable failure(HttpServletRequest request) {
    for (Object candidate :
        new Object[] {
          request.getAttribute(WebAttributes.ACCESS_DENIED_403),
          request.getAttribute(RequestDispatcher.ERROR_EXCEPTION),
          request.getAttribute(MVC_ERROR)
        }) {
      if (candidate instanceof Throwable t) {
        return t;
      }
    }
    return null;
  }

  private static String method(HttpServletRequest request) {
    return request.getMethod();
  }
}
