package dev.atelier.server.account;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a refused start because of a weak {@code ATELIER_ADMIN_TOKEN} (no stack trace). */
class WeakAdminTokenFailureAnalyzer extends AbstractFailureAnalyzer<WeakAdminTokenException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, WeakAdminTokenException cause) {
    return new FailureAnalysis(
        cause.getMessage() + ".",
        "Set ATELIER_ADMIN_TOKEN to at least "
            + WeakAdminTokenException.MIN_LENGTH
            + " random characters with at least "
            + WeakAdminTokenException.MIN_DISTINCT
            + " different ones, for example: export ATELIER_ADMIN_TOKEN=\"atl_$(openssl rand"
            + " -hex 24)\". Or leave it unset and create API tokens in your profile.",
        cause);
  }
}
