package dev.atelier.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package structure of {@code dev.atelier.server}: no cycles, and the UI is a leaf. */
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
}
