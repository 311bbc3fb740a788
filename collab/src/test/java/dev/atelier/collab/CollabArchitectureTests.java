package dev.atelier.collab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Guards docs/architecture.md: {@code collab} is a leaf library with no internal dependencies, and
 * its core is plain Java (no Spring, no I/O frameworks) so any transport can host it.
 */
class CollabArchitectureTests {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.atelier.collab");

  @Test
  void dependsOnlyOnTheJdk() {
    classes()
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "dev.atelier.collab..")
        .check(CLASSES);
  }

  @Test
  void theCrdtNeverDependsOnTheProtocol() {
    noClasses()
        .that()
        .resideInAPackage("dev.atelier.collab.crdt..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.atelier.collab.protocol..")
        .check(CLASSES);
  }

  @Test
  void theEncodingIsTheBottomLayer() {
    noClasses()
        .that()
        .resideInAPackage("dev.atelier.collab.encoding..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.atelier.collab.crdt..", "dev.atelier.collab.protocol..")
        .check(CLASSES);
  }

  @Test
  void hasNoPackageCycles() {
    slices().matching("dev.atelier.collab.(**)").should().beFreeOfCycles().check(CLASSES);
  }
}
