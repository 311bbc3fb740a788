package dev.atelier.server.extensions;

import dev.atelier.extensions.ExtensionApi;
import dev.atelier.extensions.host.Extensions;
import dev.atelier.server.account.AccountService;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/extensions} (admins): the API version, the loaded and the refused extensions. */
@RestController
@RequestMapping("/api/extensions")
class ExtensionController {

  /** The answer: what runs, and what was refused with the reason. */
  record ExtensionsView(
      String apiVersion, List<Extensions.Loaded> loaded, List<Extensions.Refused> refused) {}

  private final Extensions extensions;
  private final AccountService accounts;

  ExtensionController(Extensions extensions, AccountService accounts) {
    this.extensions = extensions;
    this.accounts = accounts;
  }

  @GetMapping
  ExtensionsView list() {
    if (!accounts.currentUser().admin()) {
      throw new AtelierException(
          ErrorCode.FORBIDDEN, "Only administrators can see the installed extensions.");
    }
    return new ExtensionsView(ExtensionApi.VERSION, extensions.loaded(), extensions.refused());
  }
}
