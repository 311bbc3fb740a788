package dev.atelier.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.atelier.collab.hub.DocumentHub;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The package structure of {@code dev.atelier.server}: no cycles, the UI is a leaf, and documents
 * change only through the document–file bridge.
 */
class ServerArchitectureTests {

  private final JavaClasses classes =
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
}
