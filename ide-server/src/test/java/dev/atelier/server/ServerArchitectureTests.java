package dev.atelier.server;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.atelier.collab.hub.DocumentHub;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;

/**
 * The package structure of {@code dev.atelier.server}: no cycles, the UI is a leaf, documents
 * change only through the document–file bridge, and WebSockets are served only through the socket
 * framework.
 */
class ServerArchitectureTests {

  private static final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.atelier.server");

  @Test
  void featurePackagesAreFreeOfCycles() {
    slices().matching("dev.atelier.server.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void nothingOutsideTheUiDependsOnTheUi() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.atelier.server.ui..")
        .and()
        .doNotHaveFullyQualifiedName("dev.atelier.server.AppShell")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.atelier.server.ui..")
        .check(classes);
  }

  @Test
  void servicesDoNotDependOnWebOrSecurityWiring() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.atelier.server.account..",
            "dev.atelier.server.workspace..",
            "dev.atelier.server.events..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.atelier.server.security..", "dev.atelier.server.status..")
        .check(classes);
  }

  /**
   * Open documents change only through the {@code documents} module's bridge ({@code
   * CollabDocuments.applyEdit} for tools, its file sync for disk changes) and the editors' peers:
   * an edit put into the hub directly bypasses the bridge, which then mistakes its write for a
   * change on disk (a rename once duplicated text that way).
   */
  @Test
  void onlyTheDocumentBridgeEditsDocumentsOutsideTheEditors() {
    noClasses()
        .should()
        .callMethodWhere(
            new DescribedPredicate<JavaMethodCall>("edit a document through the hub") {
              @Override
              public boolean test(JavaMethodCall call) {
                return call.getTargetOwner().isEquivalentTo(DocumentHub.class)
                    && Set.of("applyEdit", "applyExternalEdit").contains(call.getName());
              }
            })
        .check(classes);
  }

  private static final String SOCKETS = "dev.atelier.server.sockets..";

  @Test
  void onlyTheSocketFrameworkConfiguresWebSocketsOrImplementsSpringHandlers() {
    noClasses()
        .that()
        .resideOutsideOfPackage(SOCKETS)
        .should()
        .implement(WebSocketConfigurer.class)
        .orShould()
        .beAnnotatedWith(EnableWebSocket.class)
        .orShould()
        .implement(WebSocketHandler.class)
        .because("every endpoint is a SocketEndpoint registered by the one SocketConfiguration")
        .check(classes);
  }

  @Test
  void endpointsNeverTouchSpringSessionsOnlyTheFrameworksSocket() {
    noClasses()
        .that()
        .resideOutsideOfPackage(SOCKETS)
        .should()
        .dependOnClassesThat(
            resideInAPackage("org.springframework.web.socket..").and(not(type(CloseStatus.class))))
        .because("a raw session beside the concurrency-safe one loses frames")
        .check(classes);
  }

  @Test
  void noFieldOutsideTheFrameworkHoldsWebSocketSessions() {
    noFields()
        .that()
        .areDeclaredInClassesThat()
        .resideOutsideOfPackage(SOCKETS)
        .should(mentionInItsType(WebSocketSession.class))
        .because("the framework keeps the one map of sessions per endpoint")
        .check(classes);
  }

  /** The field's type, or any of its type arguments (a map's keys or values), is {@code type}. */
  private static ArchCondition<JavaField> mentionInItsType(Class<?> type) {
    return new ArchCondition<>("mention " + type.getSimpleName() + " in their type") {
      @Override
      public void check(JavaField field, ConditionEvents events) {
        if (mentions(field.getType(), type.getName())) {
          events.add(
              SimpleConditionEvent.satisfied(
                  field, field.getFullName() + " holds " + type.getSimpleName() + "s"));
        }
      }
    };
  }

  private static boolean mentions(JavaType type, String name) {
    if (type.toErasure().getName().equals(name)) {
      return true;
    }
    if (type instanceof JavaParameterizedType parameterized) {
      return parameterized.getActualTypeArguments().stream().anyMatch(t -> mentions(t, name));
    }
    return false;
  }
}
