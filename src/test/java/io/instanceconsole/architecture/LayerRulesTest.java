package io.instanceconsole.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/** The layer rules of ARCHITECTURE.md, enforced. */
class LayerRulesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.instanceconsole");
    }

    @Test
    void layersDependOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true)
                .layer("app").definedBy("io.instanceconsole.app..")
                .layer("ui").definedBy("io.instanceconsole.ui..")
                .layer("cli").definedBy("io.instanceconsole.cli..")
                .layer("service").definedBy("io.instanceconsole.service..")
                .layer("backend").definedBy("io.instanceconsole.backend..")
                .layer("store").definedBy("io.instanceconsole.store..")
                .layer("domain").definedBy("io.instanceconsole.domain..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .whereLayer("ui").mayOnlyBeAccessedByLayers("app")
                .whereLayer("cli").mayOnlyBeAccessedByLayers("app")
                .whereLayer("service").mayOnlyBeAccessedByLayers("app", "ui", "cli")
                .whereLayer("backend").mayOnlyBeAccessedByLayers("app", "service")
                .whereLayer("store").mayOnlyBeAccessedByLayers("app", "service", "cli")
                .check(classes);
    }

    @Test
    void uiNeverTouchesBackendLibrariesSqlOrFailsafe() {
        noClasses().that().resideInAPackage("io.instanceconsole.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("com.github.dockerjava..", "org.libvirt..",
                        "java.sql..", "dev.failsafe..", "io.instanceconsole.store..", "io.instanceconsole.backend..")
                .check(classes);
    }

    @Test
    void onlyTheUiAndTheAppTouchJavaFx() {
        noClasses().that().resideInAnyPackage("io.instanceconsole.service..", "io.instanceconsole.store..",
                        "io.instanceconsole.backend..", "io.instanceconsole.domain..", "io.instanceconsole.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.application..")
                .check(classes);
    }

    @Test
    void nobodyCreatesThreadsByHand() {
        noClasses().should().callConstructor(Thread.class)
                .orShould().callConstructor(Thread.class, Runnable.class)
                .orShould().callConstructor(Thread.class, Runnable.class, String.class)
                .orShould().callConstructor(Thread.class, String.class)
                .because("threads come from the bounded service executors")
                .check(classes);
    }

    @Test
    void platformRunLaterIsCalledFromOneClassOnly() {
        noClasses().that().doNotHaveFullyQualifiedName("io.instanceconsole.ui.common.FxUiThread")
                .should().callMethod(javafx.application.Platform.class, "runLater", Runnable.class)
                .because("FxUiThread is the one boundary to the FX thread")
                .check(classes);
    }
}
