package dev.drover.tests.architecture;

import static com.tngtech.archunit.lang.conditions.ArchConditions.onlyHaveDependenciesWhere;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.PackageMatcher;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering rules, checked on the compiled main code of every module (as JabRef checks logic vs
 * gui): engine, VM and cluster code are plain Java, view models never touch a node, services never
 * reach up into the UI, and lower modules never depend on higher ones.
 *
 * <p>Every package a rule names must hold classes ({@link #existing}), and a rule that matches no
 * class fails (archunit.properties): a misspelt or moved package would otherwise make its rule pass
 * while checking nothing.
 */
class LayeringTest {

  private static final String[] UI_TOOLKITS = {"javafx..", "atlantafx..", "org.kordamp.ikonli.."};

  /**
   * Known uses of the QEMU package from outside it, each the one QEMU class its user needs. The
   * rule fails on any other; an entry that no longer holds fails too, so the list only shrinks.
   */
  private static final Map<String, Set<String>> KNOWN_QEMU_USERS =
      Map.of(
          // The factory that picks this computer's driver: it finds QEMU and builds its driver.
          "dev.drover.vm.host.HostDrivers",
          Set.of(
              "dev.drover.vm.qemu.QemuDriver",
              "dev.drover.vm.qemu.QemuInstallation",
              "dev.drover.vm.qemu.AcceleratorProbe",
              "dev.drover.vm.qemu.AcceleratorVerdicts"),
          // Which run-time port forwarding each driver offers: a process that does not run the VM
          // reaches QEMU's forwards through its control socket.
          "dev.drover.vm.host.DriverPortForwarding",
          Set.of("dev.drover.vm.qemu.QmpGuestPorts"),
          // Measures the QEMU driver against plain qemu: QEMU is what it is about.
          "dev.drover.bench.VmStartBenchmark",
          Set.of(
              "dev.drover.vm.qemu.QemuDriver",
              "dev.drover.vm.qemu.Accelerator",
              "dev.drover.vm.qemu.AcceleratorProbe",
              "dev.drover.vm.qemu.AcceleratorVerdicts"));

  private static final List<String> MODULES_WITH_TESTS =
      List.of("app", "cli", "core", "engine", "icons", "k8s-view", "vm-bridge", "tests");

  private static JavaClasses drover;

  @BeforeAll
  static void importMainCode() {
    drover =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.drover");
  }

  @Test
  void engineUsesNeitherTheVmNorTheAppNorJavaFx() {
    noClasses()
        .that()
        .resideInAPackage(existing("dev.drover.engine.."))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(existing("dev.drover.vm..", "dev.drover.app.."))
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage(UI_TOOLKITS)
        .check(drover);
  }

  @Test
  void vmUsesNeitherTheAppNorJavaFx() {
    noClasses()
        .that()
        .resideInAPackage(existing("dev.drover.vm.."))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(existing("dev.drover.app.."))
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage(UI_TOOLKITS)
        .check(drover);
  }

  @Test
  void kubernetesClusterCodeUsesNeitherTheAppNorJavaFx() {
    noClasses()
        .that()
        .resideInAPackage(existing("dev.drover.kube.."))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(existing("dev.drover.app.."))
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage(UI_TOOLKITS)
        .check(drover);
  }

  @Test
  void appSettingsUseNoJavaFx() {
    noClasses()
        .that()
        .resideInAPackage(existing("dev.drover.app.settings.."))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(UI_TOOLKITS)
        .check(drover);
  }

  @Test
  void onlyTheQemuPackageUsesTheQemuPackage() {
    var qemu = existing("dev.drover.vm.qemu..");
    classes()
        .that()
        .resideOutsideOfPackage(qemu)
        .should(
            onlyHaveDependenciesWhere(
                targetOutside(qemu).or(knownUse(KNOWN_QEMU_USERS, "a known use of QEMU"))))
        .because("other code reaches a driver through the VmDriver contract")
        .check(drover);
    assertKnownUsesStillHold(KNOWN_QEMU_USERS);
  }

  @Test
  void appCommandCoreAndClusterCodeNeverUseTheQemuPackage() {
    // They reach the VM through VmDriver, its optional abilities and the VmFile table only.
    noClasses()
        .that()
        .resideInAnyPackage(
            existing(
                "dev.drover.app..", "dev.drover.cli..", "dev.drover.core..", "dev.drover.kube.."))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(existing("dev.drover.vm.qemu.."))
        .because("only the QEMU package knows QEMU; the rest sees a VmDriver")
        .check(drover);
  }

  @Test
  void appCodeOutsideTheUiUsesNoUiPackage() {
    // The composition root (package dev.drover.app itself) builds the views, so it is not listed.
    var nonUi =
        existing(
            "dev.drover.app.desktop..",
            "dev.drover.app.kubernetes..",
            "dev.drover.app.logging..",
            "dev.drover.app.settings..");
    var ui = existing("dev.drover.app.ui..");
    classes()
        .that()
        .resideInAnyPackage(nonUi)
        .should(onlyHaveDependenciesWhere(targetOutside(ui)))
        .because("the tray and the pages are the UI; services reach them through seams")
        .check(drover);
  }

  @Test
  void noLibraryInternalsAreUsed() {
    noLibraryInternals().check(drover);
  }

  /**
   * Tests break just as silently when a library's internals move, so every module's test code is
   * held to the same rule (read from the reactor's compiled test classes).
   */
  @Test
  void noTestCodeUsesLibraryInternals() {
    var folders = new ArrayList<Path>();
    for (var module : MODULES_WITH_TESTS) {
      var folder = Path.of("..", module, "target", "test-classes");
      assertThat(folder)
          .as("%s's tests are compiled (build the whole reactor, not -pl tests alone)", module)
          .isDirectory();
      folders.add(folder);
    }
    var testCode = new ClassFileImporter().importPaths(folders);
    assertThat(testCode.stream().map(JavaClass::getPackageName))
        .as("test classes found under %s", folders)
        .anyMatch(name -> name.startsWith("dev.drover.kube"))
        .anyMatch(name -> name.startsWith("dev.drover.app"));
    noLibraryInternals().check(testCode);
  }

  private static ArchRule noLibraryInternals() {
    var internal = "..internal..";
    return classes()
        .should(
            onlyHaveDependenciesWhere(
                DescribedPredicate.describe(
                    "target not in another library's internal package",
                    (Dependency dependency) ->
                        !PackageMatcher.of(internal)
                                .matches(dependency.getTargetClass().getPackageName())
                            || dependency
                                .getTargetClass()
                                .getPackageName()
                                .startsWith("dev.drover"))))
        .because("a library's internal packages change without notice between its releases");
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
    existing("dev.drover.app.ui..");
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

  /** The package identifiers, after checking that each matches at least one imported class. */
  private static String[] existing(String... packageIdentifiers) {
    for (var identifier : packageIdentifiers) {
      existing(identifier);
    }
    return packageIdentifiers;
  }

  private static String existing(String packageIdentifier) {
    var matcher = PackageMatcher.of(packageIdentifier);
    assertThat(drover.stream().map(JavaClass::getPackageName).anyMatch(matcher::matches))
        .as("no class resides in %s, so a rule naming it would check nothing", packageIdentifier)
        .isTrue();
    return packageIdentifier;
  }

  private static DescribedPredicate<Dependency> targetOutside(String packageIdentifier) {
    var matcher = PackageMatcher.of(packageIdentifier);
    return DescribedPredicate.describe(
        "target outside " + packageIdentifier,
        dependency -> !matcher.matches(dependency.getTargetClass().getPackageName()));
  }

  private static DescribedPredicate<Dependency> knownUse(
      Map<String, Set<String>> knownUses, String description) {
    return DescribedPredicate.describe(
        description,
        dependency ->
            knownUses
                .getOrDefault(topLevel(dependency.getOriginClass()), Set.of())
                .contains(topLevel(dependency.getTargetClass())));
  }

  /** Fails for a listed use the code no longer has, so the list cannot hide a new one later. */
  private static void assertKnownUsesStillHold(Map<String, Set<String>> knownUses) {
    var gone = new ArrayList<String>();
    knownUses.forEach(
        (origin, targets) -> {
          assertThat(drover.contain(origin))
              .as("%s is listed as a known use but no longer exists; remove it", origin)
              .isTrue();
          var used = dependencyTargets(origin);
          targets.stream()
              .filter(target -> !used.contains(target))
              .forEach(target -> gone.add(origin + " -> " + target));
        });
    assertThat(gone).as("known uses the code no longer has; remove them from the list").isEmpty();
  }

  /** The top-level classes the class (with its nested and anonymous classes) depends on. */
  private static Set<String> dependencyTargets(String className) {
    var targets = new HashSet<String>();
    drover.stream()
        .filter(javaClass -> topLevel(javaClass).equals(className))
        .flatMap(javaClass -> javaClass.getDirectDependenciesFromSelf().stream())
        .map(dependency -> topLevel(dependency.getTargetClass()))
        .forEach(targets::add);
    return targets;
  }

  private static String topLevel(JavaClass javaClass) {
    var name = javaClass.getName();
    var nested = name.indexOf('$');
    return nested < 0 ? name : name.substring(0, nested);
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
