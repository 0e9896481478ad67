package io.instanceconsole.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.ui.common.FxUiThread;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/** The layer rules of docs/architecture.md, and the threading and FX-thread boundaries, enforced. */
class LayerRulesTest {
    private static JavaClasses classes;

    /**
     * The classes allowed to break one of the rules below, each with the reason it may. A rule's home (the one class or
     * package where the thing it forbids belongs) is part of the rule, not an exemption.
     */
    enum Exemption {
        ; // none: every thread and executor comes from ConsoleThreads; a new entry names its class and says why

        final Rule rule;
        final String className;
        final String why;

        Exemption(Rule rule, String className, String why) {
            this.rule = rule;
            this.className = className;
            this.why = why;
        }

        /** The exempted classes of a rule, with their nested and anonymous classes. */
        static DescribedPredicate<JavaClass> of(Rule rule) {
            return DescribedPredicate.describe("exempt from the " + rule.name().toLowerCase() + " rule",
                    type -> Arrays.stream(values()).filter(e -> e.rule == rule).anyMatch(e -> e.covers(type)));
        }

        private boolean covers(JavaClass type) {
            return type.getName().equals(className) || type.getName().startsWith(className + "$");
        }
    }

    /** The rules that have exemptions. */
    enum Rule {
        THREADS
    }

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
                .whereLayer("store").mayOnlyBeAccessedByLayers("app", "service")
                .check(classes);
    }

    @Test
    void instancectlReadsThroughServicesNeverTheStore() {
        noClasses().that().resideInAPackage("io.instanceconsole.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.instanceconsole.store..")
                .because("instancectl and the GUI see the same data through the same services")
                .check(classes);
    }

    @Test
    void theConcurrencyPackageSitsBelowEveryLayer() {
        noClasses().that().resideInAPackage("io.instanceconsole.concurrent..")
                .should().dependOnClassesThat().resideInAnyPackage("io.instanceconsole.app..", "io.instanceconsole.ui..",
                        "io.instanceconsole.cli..", "io.instanceconsole.service..", "io.instanceconsole.backend..",
                        "io.instanceconsole.store..", "io.instanceconsole.domain..")
                .because("every layer takes its threads from it")
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
                        "io.instanceconsole.backend..", "io.instanceconsole.domain..", "io.instanceconsole.cli..",
                        "io.instanceconsole.concurrent..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.application..")
                .check(classes);
    }

    @Test
    void threadsAndExecutorsComeFromConsoleThreadsOnly() {
        DescribedPredicate<JavaCall<?>> threadOrPool = JavaCall.Predicates.target(owner(
                assignableTo(Thread.class).or(assignableTo(ThreadPoolExecutor.class)).or(assignableTo(ForkJoinPool.class))))
                .as("a constructor of Thread, ThreadPoolExecutor or ForkJoinPool");
        noClasses().that().resideOutsideOfPackage(ConsoleThreads.class.getPackageName())
                .and(DescribedPredicate.not(Exemption.of(Rule.THREADS)))
                .should().callConstructorWhere(threadOrPool)
                .orShould().callMethod(Thread.class, "ofPlatform")
                .orShould().callMethod(Thread.class, "ofVirtual")
                .orShould().dependOnClassesThat().areAssignableTo(Thread.Builder.class)
                .orShould().dependOnClassesThat().belongToAnyOf(Executors.class)
                .because("ConsoleThreads makes every thread and executor (daemon threads, bounded queues)")
                .check(classes);
    }

    @Test
    void onlyFxUiThreadTouchesPlatform() {
        noClasses().that().doNotBelongToAnyOf(FxUiThread.class)
                .should().dependOnClassesThat().belongToAnyOf(Platform.class)
                .because("FxUiThread is the one boundary to the FX thread (method references such as Platform::runLater "
                        + "included)")
                .check(classes);
    }

    @Test
    void nothingRunsOnTheCommonForkJoinPool() {
        noClasses().should().callMethod(CompletableFuture.class, "supplyAsync", Supplier.class)
                .orShould().callMethod(CompletableFuture.class, "runAsync", Runnable.class)
                .orShould().callMethod(CompletableFuture.class, "thenApplyAsync", Function.class)
                .orShould().callMethod(CompletableFuture.class, "thenAcceptAsync", Consumer.class)
                .orShould().callMethod(CompletableFuture.class, "thenRunAsync", Runnable.class)
                .orShould().callMethod(CompletableFuture.class, "thenComposeAsync", Function.class)
                .orShould().callMethod(CompletableFuture.class, "handleAsync", BiFunction.class)
                .orShould().callMethod(CompletableFuture.class, "whenCompleteAsync", BiConsumer.class)
                .orShould().callMethod(CompletableFuture.class, "exceptionallyAsync", Function.class)
                .orShould().callMethod(ForkJoinPool.class, "commonPool")
                .because("an async stage without an executor runs on the common ForkJoin pool, outside ConsoleThreads' "
                        + "bounded executors and their priorities")
                .check(classes);
    }
}
