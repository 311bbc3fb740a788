package dev.atelier.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The gateway uses the runtime only through its SPI, knows nothing of the server, and has no
 * cycles.
 */
class LanguageGatewayArchitectureTests {

  private static final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.atelier.gateway");

  @Test
  void dependsOnlyOnTheRuntimeSpiStacksExtensionsLsp4jAndLibraries() {
    classes()
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "dev.atelier.gateway..",
            "dev.atelier.runtime.spi..",
            "dev.atelier.stacks..",
            "dev.atelier.extensions..",
            "org.eclipse.lsp4j..",
            "com.google.gson..",
            "org.slf4j..",
            "org.springframework..",
            "jakarta.validation..")
        .check(classes);
  }

  @Test
  void theRuntimeIsUsedOnlyThroughItsSpi() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.atelier.runtime.local..",
            "dev.atelier.runtime.kubernetes..",
            "dev.atelier.runtime.autoconfigure..")
        .check(classes);
  }

  @Test
  void theGatewayDoesNotKnowTheServerOrOtherFeatureModules() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.atelier.server..",
            "dev.atelier.collab..",
            "dev.atelier.ui..",
            // The extension API and its language table, yes; the host's Spring wiring, no.
            "dev.atelier.extensions.autoconfigure..")
        .check(classes);
  }

  @Test
  void onlyTheAutoConfigurationUsesSpring() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.atelier.gateway.autoconfigure..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework..", "jakarta.validation..")
        .check(classes);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("dev.atelier.gateway.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void helperPackagesDoNotDependOnTheGatewayCore() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.atelier.gateway.protocol..",
            "dev.atelier.gateway.text..",
            "dev.atelier.gateway.launch..",
            "dev.atelier.gateway.spi..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.atelier.gateway")
        .check(classes);
  }
}
