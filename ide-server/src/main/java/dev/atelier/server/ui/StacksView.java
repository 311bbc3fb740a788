package dev.atelier.server.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Code;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.atelier.server.account.AccountService;
import dev.atelier.server.account.UserAccount;
import dev.atelier.server.workspace.WorkspaceService;
import dev.atelier.stacks.DebugAdapter;
import dev.atelier.stacks.LanguageServer;
import dev.atelier.stacks.Stack;
import dev.atelier.stacks.StackCatalog;
import dev.atelier.stacks.Task;
import jakarta.annotation.security.PermitAll;

/** The stack catalog: what each stack brings, and a shortcut to create a workspace from it. */
@Route(value = "stacks", layout = MainLayout.class)
@PageTitle("Stacks · Atelier")
@PermitAll
public class StacksView extends Div {

  private final WorkspaceService workspaces;
  private final StackCatalog catalog;
  private final UserAccount user;

  public StacksView(AccountService accounts, WorkspaceService workspaces, StackCatalog catalog) {
    this.workspaces = workspaces;
    this.catalog = catalog;
    this.user = accounts.currentUser();
    addClassName("atelier-page");
    setId("stacks");

    H2 title = new H2("Stacks");
    Paragraph subtitle =
        new Paragraph(
            "A stack defines a workspace's toolchain, tasks, language servers and limits."
                + " A repository can bring its own in .devcontainer/devcontainer.json or"
                + " .atelier/stack.json.");
    subtitle.addClassName("atelier-subtitle");
    Div header = new Div(new Div(title, subtitle));
    header.addClassName("atelier-page-header");

    Div cards = new Div();
    cards.addClassName("atelier-stack-grid");
    catalog.all().forEach(stack -> cards.add(card(stack)));
    add(header, cards);
  }

  private Div card(Stack stack) {
    H3 name = new H3(stack.name());
    Span id = new Span(stack.id());
    id.getElement().setAttribute("theme", "badge contrast small");
    Div heading = new Div(name, id);
    heading.addClassName("atelier-stack-heading");

    Paragraph description = new Paragraph(stack.description());
    description.addClassName("atelier-stack-description");

    Div details = new Div();
    details.addClassName("atelier-stack-details");
    if (stack.image() != null && !stack.image().isBlank()) {
      details.add(detail("Image", new Code(stack.image())));
    }
    details.add(detail("Resources", new Span(StackFormat.resources(stack.resources()))));

    Button create = new Button("Create workspace", VaadinIcon.PLUS.create());
    create.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SMALL);
    create.getElement().setAttribute("data-action", "create");
    create.addClickListener(
        event ->
            new NewWorkspaceDialog(
                    workspaces,
                    catalog.all(),
                    user,
                    workspace -> getUI().ifPresent(ui -> ui.navigate(DashboardView.class)))
                .open(stack));

    Div card =
        new Div(
            heading,
            description,
            details,
            section("Tasks", tasks(stack)),
            section("Language servers", languageServers(stack)),
            section("Debug adapters", debugAdapters(stack)),
            create);
    card.addClassName("atelier-stack-card");
    card.getElement().setAttribute("data-stack-id", stack.id());
    return card;
  }

  private static Component tasks(Stack stack) {
    if (stack.tasks().isEmpty()) {
      return muted("No tasks");
    }
    UnorderedList list = new UnorderedList();
    list.addClassName("atelier-stack-list");
    for (Task task : stack.tasks()) {
      Span group = new Span(task.group().id());
      group.getElement().setAttribute("theme", "badge small");
      Span name = new Span(task.name());
      name.addClassName("atelier-stack-item-name");
      list.add(new ListItem(group, name, new Code(StackFormat.command(task.command()))));
    }
    return list;
  }

  private static Component languageServers(Stack stack) {
    if (stack.languageServers().isEmpty()) {
      return muted("None");
    }
    UnorderedList list = new UnorderedList();
    list.addClassName("atelier-stack-list");
    for (LanguageServer server : stack.languageServers()) {
      Span language = new Span(server.language());
      language.addClassName("atelier-stack-item-name");
      list.add(new ListItem(language, new Code(StackFormat.command(server.command()))));
    }
    return list;
  }

  private static Component debugAdapters(Stack stack) {
    if (stack.debugAdapters().isEmpty()) {
      return muted("None");
    }
    UnorderedList list = new UnorderedList();
    list.addClassName("atelier-stack-list");
    for (DebugAdapter adapter : stack.debugAdapters()) {
      Span type = new Span(adapter.type());
      type.addClassName("atelier-stack-item-name");
      list.add(new ListItem(type, new Code(StackFormat.command(adapter.command()))));
    }
    return list;
  }

  private static Div section(String title, Component content) {
    Div section = new Div(new H4(title), content);
    section.addClassName("atelier-stack-section");
    return section;
  }

  private static Div detail(String label, Component value) {
    Span name = new Span(label);
    name.addClassName("atelier-stack-detail-label");
    Div detail = new Div(name, value);
    detail.addClassName("atelier-stack-detail");
    return detail;
  }

  private static Span muted(String text) {
    Span span = new Span(text);
    span.addClassName("atelier-muted");
    return span;
  }
}
