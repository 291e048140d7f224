package cn.futian.jufu.ops;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.AccessibleObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules that keep the package map of docs/ARCHITECTURE.md true, checked on the compiled main
 * classes (issue 19). Each rule names what it protects; a failure lists the classes and the
 * dependencies that break it.
 */
class ArchitectureTest {

  static final String ROOT = "cn.futian.jufu";

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(ROOT);
  }

  /** Feature packages depend on each other one way; a cycle would make them one package. */
  @Test
  void thePackagesFormNoCycle() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(main);
  }

  /** common/ is the bottom layer: every feature may use it, it uses no feature. */
  @Test
  void commonDependsOnNoFeature() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".common..")
        .should()
        .dependOnClassesThat(
            resideInAPackage(ROOT + "..").and(not(resideInAPackage(ROOT + ".common.."))))
        .check(main);
  }

  /** Events reach sign-ups only through the port events.SessionRegistrations (issue 18). */
  @Test
  void eventsKnowNothingOfRegistrations() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".events..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ROOT + ".registrations..", ROOT + ".noshows..")
        .check(main);
  }

  /** Library internals are reached through their supported options, never by reflection. */
  @Test
  void noReflectionIntoLibraryInternals() {
    noClasses()
        .should()
        .callMethodWhere(
            target(nameMatching("(try)?[sS]etAccessible"))
                .and(target(owner(assignableTo(AccessibleObject.class)))))
        .check(main);
  }

  /** Resources are thin: they call services, never a repository. */
  @Test
  void resourcesUseNoRepository() {
    noClasses()
        .that()
        .haveSimpleNameEndingWith("Resource")
        .should()
        .dependOnClassesThat()
        .haveSimpleNameEndingWith("Repository")
        .check(main);
  }
}
