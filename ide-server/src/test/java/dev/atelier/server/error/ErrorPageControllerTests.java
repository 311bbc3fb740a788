package dev.atelier.server.error;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.csrf.InvalidCsrfTokenException;

/** The error page: what a failure outside the controllers turns into. */
@ExtendWith(OutputCaptureExtension.class)
class ErrorPageControllerTests {

  private final Path home = Path.of("/srv/atelier-home");
  private final ErrorPageController controller = new ErrorPageController(new HostPaths(home));

  @Test
  void unexpectedFailureIsA500WhoseReferenceIsInTheLogButNotItsDetails(CapturedOutput log) {
    MockHttpServletRequest request = errorRequest(500);
    request.setAttribute(
        RequestDispatcher.ERROR_EXCEPTION,
        new IllegalStateException("cannot open " + home + "/workspaces/x/secret.txt"));
    ProblemDetail problem = controller.error(request).getBody();
    assertThat(problem.getStatus()).isEqualTo(500);
    assertThat(problem.getProperties()).containsEntry("code", "INTERNAL");
    String reference = (String) problem.getProperties().get("reference");
    assertThat(reference).isNotBlank();
    assertThat(problem.getDetail()).contains(reference).doesNotContain(home.toString());
    assertThat(log.getOut() + log.getErr())
        .contains("reference " + reference)
        .contains("IllegalStateException");
  }

  @Test
  void csrfRefusalNamesTheToken() {
    MockHttpServletRequest request = errorRequest(403);
    request.setAttribute(
        WebAttributes.ACCESS_DENIED_403,
        new InvalidCsrfTokenException(new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "a"), "b"));
    ProblemDetail problem = controller.error(request).getBody();
    assertThat(problem.getStatus()).isEqualTo(403);
    assertThat(problem.getProperties()).containsEntry("code", "CSRF_REJECTED");
    assertThat(problem.getDetail()).contains("CSRF token");
  }

  @Test
  void statusWithoutExceptionKeepsItsStatus() {
    ProblemDetail problem = controller.error(errorRequest(404)).getBody();
    assertThat(problem.getStatus()).isEqualTo(404);
    assertThat(problem.getProperties()).containsEntry("code", "NOT_FOUND");
  }

  @Test
  void hostPathsAreRedactedFromAnyDetail() {
    HostPaths paths = new HostPaths(home);
    assertThat(paths.redact("cannot read " + home + "/db/atelier.mv.db"))
        .isEqualTo("cannot read <server data>/db/atelier.mv.db");
  }

  private static MockHttpServletRequest errorRequest(int status) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/error");
    request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
    request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/api/workspaces");
    return request;
  }
}
