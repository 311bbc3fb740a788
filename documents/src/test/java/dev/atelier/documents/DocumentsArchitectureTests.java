package dev.atelier.documents;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.atelier.runtime.spi.WorkspaceFiles;
import org.junit.jupiter.api.Test;

/**
 * The bridge is plain Java (Spring only in its auto-configuration), knows nothing of the server,
 * and writes files in one place.
 */
class DocumentsArchitectureTests {

  private static final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.atelier.documents");

  @Test
  void springOnlyInTheAutoConfiguration() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.atelier.documents.autoconfigure..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework..", "jakarta..")
        .check(classes);
  }

  @Test
  void dependsOnCollabTheRuntimeSpiAndTheGatewayOnly() {
    classes()
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "dev.atelier.documents..",
            "dev.atelier.collab..",
            "dev.atelier.runtime.spi..",
            "dev.atelier.gateway",
            "dev.atelier.gateway.spi..",
            "org.slf4j..",
            "org.springframework..",
            "jakarta.validation..")
        .check(classes);
  }

  @Test
  void onlyTheFileSyncWritesFiles() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(FileSync.class.getName())
        .should()
        .callMethodWhere(
            new DescribedPredicate<JavaMethodCall>("write a workspace file") {
              @Override
              public boolean test(JavaMethodCall call) {
                return call.getTargetOwner().isAssignableTo(WorkspaceFiles.class)
                    && call.getName().equals("write");
              }
            })
        .check(classes);
  }
}
