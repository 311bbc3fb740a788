package dev.atelier.server.workspace;

import dev.atelier.server.account.UserAccount;
import dev.atelier.stacks.Stack;
import java.util.List;
import org.springframework.web.util.HtmlUtils;

/**
 * The HTML of the context URL's confirmation page: what would be created, for whom, and a form that
 * posts it back with the CSRF token. Every value from the URL is HTML-escaped. A plain page rather
 * than a Vaadin view, so it works before any script runs and the form's token is the standard one.
 */
final class ContextUrlPage {

  private ContextUrlPage() {}

  static String render(
      UserAccount user,
      CreateWorkspaceRequest request,
      Stack chosen,
      List<Stack> stacks,
      String csrfParameter,
      String csrfToken) {
    StringBuilder options = new StringBuilder();
    for (Stack stack : stacks) {
      options
          .append("<option value=\"")
          .append(html(stack.id()))
          .append('"')
          .append(stack.id().equals(chosen.id()) ? " selected" : "")
          .append('>')
          .append(html(stack.name()))
          .append("</option>");
    }
    String name =
        request.name() == null
            ? ""
            : "<input type=\"hidden\" name=\"name\" value=\"" + html(request.name()) + "\">";
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>Create a workspace? · Atelier</title>
        <style>
          body { font-family: system-ui, sans-serif; background: #f3f5f7; color: #1a2733; margin: 0; }
          main { max-width: 34rem; margin: 10vh auto; background: #fff; border-radius: 12px;
                 padding: 2rem; box-shadow: 0 2px 12px rgba(0,0,0,.08); }
          h1 { font-size: 1.4rem; margin-top: 0; }
          code { word-break: break-all; background: #eef1f4; padding: .1rem .3rem; border-radius: 4px; }
          label { display: block; margin: 1rem 0 .3rem; font-weight: 600; }
          select { font: inherit; padding: .3rem; }
          .note { color: #5a6b7b; font-size: .9rem; }
          .actions { margin-top: 1.5rem; display: flex; gap: 1rem; align-items: center; }
          button { font: inherit; background: #1676f3; color: #fff; border: 0; border-radius: 6px;
                   padding: .55rem 1.1rem; cursor: pointer; }
        </style></head>
        <body><main id="confirm-new-workspace">
        <h1>Create a workspace?</h1>
        <p>Create a workspace from <code id="confirm-repository">%s</code>
        with stack <strong id="confirm-stack">%s</strong>, as <strong>%s</strong>?</p>
        <p class="note">It is cloned and started right away, and runs the repository's setup
        commands. Only continue if you meant to open this repository; a repository with its own
        stack file uses that stack instead.</p>
        <form method="post" action="new">
        <input type="hidden" name="%s" value="%s">
        <input type="hidden" name="repository" value="%s">%s
        <label for="confirm-stack-picker">Stack</label>
        <select id="confirm-stack-picker" name="stack">%s</select>
        <div class="actions">
        <button type="submit" id="confirm-create">Create workspace</button>
        <a href="./" id="confirm-cancel">Cancel</a>
        </div></form></main></body></html>
        """
        .formatted(
            html(request.repository()),
            html(chosen.name()),
            html(user.username()),
            html(csrfParameter),
            html(csrfToken),
            html(request.repository()),
            name,
            options);
  }

  private static String html(String text) {
    return HtmlUtils.htmlEscape(text == null ? "" : text, "UTF-8");
  }
}
