package io.lakeport.app;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.lakeport.deploy.VerticleGroup;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package rules of docs/architecture.md, checked over the main classes of every module (this module
 * depends on all of them): a package lives in one module, packages form no cycle, and {@code api.impl} is
 * the api module's own.
 */
class ArchitectureTest {

  /** Main classes only: not test classes of this module, nor the api module's test jar. */
  static final ImportOption MAIN_CLASSES = (Location location) -> !location.contains("/test-classes/")
      && !location.asURI().toString().contains("-tests.jar");

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(MAIN_CLASSES).importPackages("io.lakeport");
    assertThat(classes.stream().map(c -> moduleOf(c)).collect(Collectors.toSet()))
        .as("the classes of every module were imported").hasSizeGreaterThanOrEqualTo(6);
  }

  @Test
  void everyPackageLivesInOneModule() {
    assertThat(splitPackages(classes)).as("packages declared in more than one module").isEmpty();
  }

  @Test
  void packagesFormNoCycle() {
    slices().matching("io.lakeport.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void onlyTheApiModuleUsesItsImpl() {
    noClasses().that().resideOutsideOfPackage("io.lakeport.api..")
        .should().dependOnClassesThat().resideInAPackage("io.lakeport.api.impl..")
        .check(classes);
  }

  /**
   * A group is found through META-INF/services, which names classes by string: a class moved to another
   * package without its registration fails start-up of every process ("Provider ... not found").
   */
  @Test
  void everyVerticleGroupIsRegisteredUnderItsCurrentName() {
    Set<String> registered = ServiceLoader.load(VerticleGroup.class).stream()
        .map(provider -> provider.type().getName()).collect(Collectors.toCollection(TreeSet::new));
    Set<String> implemented = classes.stream()
        .filter(c -> !c.isInterface() && !c.getModifiers().contains(JavaModifier.ABSTRACT)
            && c.isAssignableTo(VerticleGroup.class))
        .map(JavaClass::getName).collect(Collectors.toCollection(TreeSet::new));
    assertThat(implemented).as("VerticleGroup implementations found").isNotEmpty();
    assertThat(registered).as("providers in META-INF/services").isEqualTo(implemented);
  }

  /** Package name to the modules (class-path roots) that hold classes of it, for packages in two or more. */
  static Map<String, Set<String>> splitPackages(JavaClasses classes) {
    Map<String, Set<String>> modules = new TreeMap<>();
    classes.forEach(c -> modules.computeIfAbsent(c.getPackageName(), p -> new TreeSet<>()).add(moduleOf(c)));
    modules.values().removeIf(roots -> roots.size() < 2);
    return modules;
  }

  /** The class-path root a class was read from: a module's jar or its classes directory. */
  static String moduleOf(JavaClass c) {
    String uri = c.getSource().orElseThrow().getUri().toString();
    int jar = uri.indexOf("!/");
    if (jar >= 0) {
      return uri.substring(0, jar);
    }
    String path = c.getName().replace('.', '/');
    int classFile = uri.indexOf(path);
    return classFile > 0 ? uri.substring(0, classFile) : uri;
  }
}
