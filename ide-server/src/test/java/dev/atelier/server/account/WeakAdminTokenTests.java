package dev.atelier.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** {@code ATELIER_ADMIN_TOKEN} must be long and varied, and a refused start says how to fix it. */
class WeakAdminTokenTests {

  @Test
  void shortOrRepetitiveTokensAreRefusedWithoutPrintingThem() {
    assertThatThrownBy(() -> WeakAdminTokenException.check("atl_short-but-random-x9"))
        .isInstanceOf(WeakAdminTokenException.class)
        .hasMessageContaining("at least 32")
        .hasMessageNotContaining("atl_short");
    String repetitive = "abababababababababababababababab1234";
    assertThatThrownBy(() -> WeakAdminTokenException.check(repetitive))
        .hasMessageContaining("different characters")
        .hasMessageNotContaining(repetitive);
    assertThatThrownBy(() -> WeakAdminTokenException.check("a".repeat(64)))
        .isInstanceOf(WeakAdminTokenException.class);
  }

  @Test
  void randomTokensPass() {
    assertThatCode(
            () -> WeakAdminTokenException.check("atl_3f9c0a1b2c4d5e6f708192a3b4c5d6e7f8091a2b3c4d"))
        .doesNotThrowAnyException();
    assertThatCode(() -> WeakAdminTokenException.check("atl_integration-tests-admin-token-0001"))
        .doesNotThrowAnyException();
  }

  @Test
  void failureAnalysisExplainsTheFixAndIsFoundBehindBeanCreation() throws Exception {
    WeakAdminTokenException cause = new WeakAdminTokenException("it has 8 characters");
    FailureAnalysis analysis =
        new WeakAdminTokenFailureAnalyzer()
            .analyze(new BeanCreationException("adminBootstrap", "failed", cause));
    assertThat(analysis).isNotNull();
    assertThat(analysis.getDescription()).contains("ATELIER_ADMIN_TOKEN", "8 characters");
    assertThat(analysis.getAction()).contains("openssl rand");
    // registered, so Spring Boot prints it instead of a stack trace
    java.util.Properties factories = new java.util.Properties();
    try (var in = getClass().getResourceAsStream("/META-INF/spring.factories")) {
      factories.load(in);
    }
    assertThat(factories.getProperty("org.springframework.boot.diagnostics.FailureAnalyzer"))
        .contains(WeakAdminTokenFailureAnalyzer.class.getName());
  }
}
