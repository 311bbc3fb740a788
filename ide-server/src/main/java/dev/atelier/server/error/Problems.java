package dev.atelier.server.error;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/** Builds RFC 7807 problem documents from {@link ErrorCode}s, for controllers and filters alike. */
public final class Problems {

  private Problems() {}

  /** A problem document for {@code code} with {@code detail} and extra members. */
  public static ProblemDetail of(ErrorCode code, String detail, Map<String, Object> properties) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), detail);
    problem.setType(URI.create(code.typeUri()));
    problem.setProperty("code", code.name());
    properties.forEach(problem::setProperty);
    return problem;
  }

  public static ProblemDetail of(AtelierException e) {
    return of(e.code(), e.getMessage(), e.properties());
  }

  /**
   * Writes a problem document straight to a servlet response: used by security filters, which run
   * before Spring MVC's exception handling.
   */
  public static void write(
      HttpServletResponse response, ObjectMapper mapper, ErrorCode code, String detail)
      throws IOException {
    ProblemDetail problem = of(code, detail, Map.of());
    response.setStatus(code.status().value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    mapper.writeValue(response.getOutputStream(), problem);
  }
}
