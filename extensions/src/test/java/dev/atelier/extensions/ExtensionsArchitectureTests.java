package dev.atelier.extensions;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The API is plain Java; only the auto-configuration knows Spring; no other Atelier module. */
class ExtensionsArchitectureTests {

  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.atelier.extensions");

  @Test
  void theApiDependsOnTheJdkOnly() {
    classes()
        .that()
        .resideInAPackage("dev.atelier.extensions")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "dev.atelier.extensions")
        .check(classes);
  }

  @Test
  void onlyTheAutoConfigurationKnowsSpring() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.atelier.extensions.autoconfigure..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework..")
        .check(classes);
  }

  @Test
  void noOtherAtelierModule() {
    classes()
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..", "dev.atelier.extensions..", "org.slf4j..", "org.springframework..")
        .check(classes);
  }
}
