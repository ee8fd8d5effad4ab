package dev.descent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The lines the layout promises: ND4J stays inside the engine, dependencies point one way. */
class ArchitectureTests {

    private static final JavaClasses DESCENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.descent");

    @Test
    void onlyTheEngineImplementationTouchesNd4jOrJavaCpp() {
        noClasses().that().resideOutsideOfPackage("dev.descent.engine.nd4j..")
                .and().doNotHaveFullyQualifiedName("dev.descent.DescentApplication")
                .and().doNotHaveFullyQualifiedName("dev.descent.training.EngineConfiguration")
                .and().doNotHaveFullyQualifiedName("dev.descent.training.EngineWarmUp")
                .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.bytedeco..")
                .check(DESCENT);
    }

    @Test
    void nativeCallsStayInTheEngineAndTheThreadPriority() {
        noClasses().that().resideOutsideOfPackage("dev.descent.engine.nd4j..")
                .and().doNotHaveFullyQualifiedName("dev.descent.system.ThreadPriority")
                .should().dependOnClassesThat().resideInAPackage("com.sun.jna..")
                .check(DESCENT);
    }

    @Test
    void nothingOutsideItsWiringNamesTheEngineImplementation() {
        noClasses().that().resideOutsideOfPackage("dev.descent.engine.nd4j..")
                .and().doNotHaveFullyQualifiedName("dev.descent.DescentApplication")
                .and().doNotHaveFullyQualifiedName("dev.descent.training.EngineConfiguration")
                .and().doNotHaveFullyQualifiedName("dev.descent.training.EngineWarmUp")
                .should().dependOnClassesThat().resideInAPackage("dev.descent.engine.nd4j..")
                .check(DESCENT);
    }

    @Test
    void theEngineKnowsNothingOfTheService() {
        noClasses().that().resideInAPackage("dev.descent.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.descent.dataset..", "dev.descent.training..",
                        "dev.descent.model..", "dev.descent.storage..", "dev.descent.system..", "org.springframework..")
                .check(DESCENT);
    }

    @Test
    void featuresDoNotReachIntoWebAdapters() {
        noClasses().that().resideOutsideOfPackages("dev.descent..web..")
                .should().dependOnClassesThat().resideInAPackage("dev.descent..web..")
                .check(DESCENT);
    }
}
