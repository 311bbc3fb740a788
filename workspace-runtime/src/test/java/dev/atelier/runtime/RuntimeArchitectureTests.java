package dev.atelier.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of docs/architecture.md for the workspace-runtime module. */
class RuntimeArchitectureTests {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.atelier.runtime");
  }

  @Test
  void dependsOnStacksButNotOnModulesAboveOrBesideIt() {
    noClasses()
        .that()
        .resideInAPackage("dev.atelier.runtime..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.atelier.server..",
            "dev.atelier.gateway..",
            "dev.atelier.collab..",
            "dev.atelier.ui..",
            "dev.atelier.extensions..",
            "com.vaadin..")
        .check(classes);
  }

  @Test
  void theSpiKnowsNoImplementation() {
    noClasses()
        .that()
        .resideInAPackage("dev.atelier.runtime.spi..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.atelier.runtime.local..",
            "dev.atelier.runtime.kubernetes..",
            "dev.atelier.runtime.autoconfigure..",
            "org.springframework..",
            "io.fabric8..",
            "com.pty4j..",
            "org.eclipse.jgit..")
        .check(classes);
  }

  @Test
  void implementationsDoNotDependOnEachOtherNorOnSpring() {
    noClasses()
        .that()
        .resideInAPackage("dev.atelier.runtime.local..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.atelier.runtime.kubernetes..",
            "dev.atelier.runtime.autoconfigure..",
            "org.springframework..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("dev.atelier.runtime.kubernetes..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.atelier.runtime.local..")
        .check(classes);
  }

  @Test
  void hasNoPackageCycles() {
    slices().matching("dev.atelier.runtime.(*)..").should().beFreeOfCycles().check(classes);
  }
}
