package dev.atelier.server.error;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps every error leaving a REST controller to {@code application/problem+json}: {@link
 * AtelierException} by its code, Spring MVC's own exceptions with a {@code code} member added, and
 * anything unexpected to a 500 that carries a reference instead of a stack trace.
 */
@RestControllerAdvice(annotations = RestController.class)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

  private final HostPaths hostPaths;

  ProblemDetailsAdvice(HostPaths hostPaths) {
    this.hostPaths = hostPaths;
  }

  @ExceptionHandler(AtelierException.class)
  ResponseEntity<ProblemDetail> atelier(AtelierException e, HttpServletRequest request) {
    ResponseEntity<ProblemDetail> response = respond(withInstance(Problems.of(e), request));
    if (e.properties().get("retryAfterSeconds") instanceof Number seconds) {
      return ResponseEntity.status(response.getStatusCode())
          .headers(response.getHeaders())
          .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds.longValue()))
          .body(response.getBody());
    }
    return response;
  }

  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<ProblemDetail> accessDenied(AccessDeniedException e, HttpServletRequest request) {
    return respond(
        withInstance(
            Problems.of(ErrorCode.FORBIDDEN, "You are not allowed to do this.", Map.of()),
            request));
  }

  /** A multipart body that cannot be parsed, or has too many parts: the client's mistake. */
  @ExceptionHandler(MultipartException.class)
  ResponseEntity<ProblemDetail> multipart(MultipartException e, HttpServletRequest request) {
    RequestFailures.Failure failure =
        RequestFailures.classify(e).orElseGet(RequestFailures::tooLarge);
    return respond(withInstance(Problems.of(failure.code(), failure.detail(), Map.of()), request));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
    var known = RequestFailures.classify(e);
    if (known.isPresent()) {
      return respond(
          withInstance(Problems.of(known.get().code(), known.get().detail(), Map.of()), request));
    }
    String reference = UUID.randomUUID().toString();
    log.error(
        "Unexpected error on {} {} (reference {})",
        request.getMethod(),
        request.getRequestURI(),
        reference,
        e);
    ProblemDetail problem =
        Problems.of(
            ErrorCode.INTERNAL,
            "Something went wrong on the server. Quote reference "
                + reference
                + " to the administrator.",
            Map.of("reference", reference));
    return respond(withInstance(problem, request));
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    StringBuilder detail = new StringBuilder("Invalid request:");
    ex.getBindingResult()
        .getFieldErrors()
        .forEach(
            f ->
                detail
                    .append(' ')
                    .append(f.getField())
                    .append(' ')
                    .append(f.getDefaultMessage())
                    .append(';'));
    ProblemDetail problem =
        Problems.of(
            ErrorCode.VALIDATION_FAILED, detail.substring(0, detail.length() - 1), Map.of());
    return handleExceptionInternal(ex, problem, headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    var tooLarge = RequestFailures.classify(ex);
    ProblemDetail problem =
        tooLarge
            .map(f -> Problems.of(f.code(), f.detail(), Map.of()))
            .orElseGet(
                () ->
                    Problems.of(
                        ErrorCode.VALIDATION_FAILED,
                        "The request body is missing or is not valid JSON for this endpoint.",
                        Map.of()));
    return handleExceptionInternal(
        ex, problem, headers, HttpStatusCode.valueOf(problem.getStatus()), request);
  }

  /** Adds {@code code} and a {@code urn:atelier:problem:*} type to Spring MVC's own problems. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex,
      @Nullable Object body,
      HttpHeaders headers,
      HttpStatusCode statusCode,
      WebRequest request) {
    if (body instanceof ProblemDetail problem
        && (problem.getProperties() == null || !problem.getProperties().containsKey("code"))) {
      ErrorCode code =
          switch (statusCode.value()) {
            case 400 -> ErrorCode.VALIDATION_FAILED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            default -> null;
          };
      if (code != null) {
        problem.setType(URI.create(code.typeUri()));
        problem.setProperty("code", code.name());
      }
    }
    if (body instanceof ProblemDetail problem) {
      hostPaths.redact(problem);
    }
    HttpHeaders problemHeaders = new HttpHeaders();
    problemHeaders.addAll(headers);
    problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    return super.handleExceptionInternal(ex, body, problemHeaders, statusCode, request);
  }

  private static ProblemDetail withInstance(ProblemDetail problem, HttpServletRequest request) {
    problem.setInstance(URI.create(request.getRequestURI()));
    return problem;
  }

  private ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
    return ResponseEntity.status(problem.getStatus())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(hostPaths.redact(problem));
  }
}
