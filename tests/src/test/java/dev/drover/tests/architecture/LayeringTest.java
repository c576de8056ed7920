package dev.drover.tests.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering rules, checked on the compiled main code of every module (as JabRef checks logic vs
 * gui): engine, VM and cluster services are plain Java, view models never touch a node, services
 * never reach up into the UI, and lower modules never depend on higher ones.
 */
class LayeringTest {

  private static JavaClasses drover;

  @BeforeAll
  static void importMainCode() {
    drover =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.drover");
  }

  @Test
  void everyModuleIsImported() {
    // Guards the other rules against passing on an empty import.
    assertThat(drover.stream().map(JavaClass::getPackageName))
        .anyMatch(p -> p.startsWith("dev.drover.engine"))
        .anyMatch(p -> p.startsWith("dev.drover.app.settings"))
        .anyMatch(p -> p.startsWith("dev.drover.app.ui"));
  }

  @Test
  void engineVmAndClusterServicesImportNoJavaFx() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.drover.engine..",
            "dev.drover.vm..",
            "dev.drover.k8s.service..",
            "..service..",
            "dev.drover.app.settings..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("javafx..", "atlantafx..", "org.kordamp.ikonli..")
        .check(drover);
  }

  @Test
  void servicesNeverDependOnTheUi() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.drover.engine..", "dev.drover.vm..", "..service..", "dev.drover.app.settings..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..ui..")
        .check(drover);
  }

  @Test
  void vmBridgeDependsOnNoOtherDroverModule() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.drover.engine..", "dev.drover.vm..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.drover.app..", "dev.drover.k8s..")
        .check(drover);
  }

  @Test
  void viewModelsNeverTouchNodes() {
    noClasses()
        .that()
        .haveSimpleNameEndingWith("ViewModel")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "javafx.scene..", "javafx.stage..", "atlantafx..", "org.kordamp.ikonli..")
        .check(drover);
  }

  @Test
  void uiPackagesAreFreeOfCycles() {
    slices().matching("dev.drover.app.ui.(*)..").should().beFreeOfCycles().check(drover);
  }

  @Test
  void noSingletonsOrStaticServiceLocators() {
    noFields()
        .that()
        .areStatic()
        .and()
        .areDeclaredInClassesThat()
        .resideInAPackage("dev.drover..")
        .and()
        .areDeclaredInClassesThat()
        .areNotEnums()
        .should()
        .haveRawType(
            DescribedPredicate.describe(
                "a Drover class other than a record or an enum",
                type ->
                    type.getPackageName().startsWith("dev.drover")
                        && !type.isRecord()
                        && !type.isEnum()))
        .because("services are passed down from the composition root, never held in static fields")
        .check(drover);
    noMethods()
        .that()
        .areDeclaredInClassesThat()
        .resideInAPackage("dev.drover..")
        .should()
        .haveName("getInstance")
        .check(drover);
  }

  @Test
  void coreImportsNoJavaFxAndNothingOfTheAppOrTheCommand() {
    // core sits under the app and the drover command alike: it may know neither, nor any UI.
    noClasses()
        .that()
        .resideInAPackage("dev.drover.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "javafx..",
            "atlantafx..",
            "org.kordamp.ikonli..",
            "..ui..",
            "dev.drover.app..",
            "dev.drover.cli..")
        .allowEmptyShould(false)
        .check(drover);
  }
}
