package io.meridian.scheduler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The scheduling core (fleet, then placement, then solver, then scheduling, then decision) knows nothing of Spring,
 * of API calls or of the command line; only the adapters on top (controller, plan, config, cli,
 * kubeclient) talk to the outside world, and the controller and plan do not lean on each other.
 * The workload generator builds API objects over the fleet and placement vocabulary only, for plan
 * and the benchmarks.
 */
@AnalyzeClasses(packages = "io.meridian.scheduler", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    private static final String[] CORE = {"..scheduler.fleet..", "..scheduler.placement..", "..scheduler.solver..",
            "..scheduler.scheduling..", "..scheduler.decision..", "..scheduler.workload.."};

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Fleet").definedBy("..scheduler.fleet..")
            .layer("Placement").definedBy("..scheduler.placement..")
            .layer("Solver").definedBy("..scheduler.solver..")
            .layer("Scheduling").definedBy("..scheduler.scheduling..")
            .layer("Decision").definedBy("..scheduler.decision..")
            .layer("Workload").definedBy("..scheduler.workload..")
            .layer("Adapters").definedBy("..scheduler.controller..", "..scheduler.plan..", "..scheduler.config..",
                    "..scheduler.cli..", "..scheduler.kubeclient..", "io.meridian.scheduler")
            .whereLayer("Adapters").mayNotBeAccessedByAnyLayer()
            .whereLayer("Decision").mayOnlyBeAccessedByLayers("Adapters")
            .whereLayer("Workload").mayOnlyBeAccessedByLayers("Adapters")
            .whereLayer("Scheduling").mayOnlyBeAccessedByLayers("Decision", "Adapters")
            .whereLayer("Solver").mayOnlyBeAccessedByLayers("Scheduling", "Adapters")
            .whereLayer("Placement").mayOnlyBeAccessedByLayers("Solver", "Scheduling", "Decision", "Workload", "Adapters")
            .whereLayer("Fleet").mayOnlyBeAccessedByLayers("Placement", "Solver", "Scheduling", "Decision", "Workload",
                    "Adapters");

    @ArchTest
    static final ArchRule workloadUsesOnlyFleetPlacementAndApi = noClasses().that().resideInAPackage("..scheduler.workload..")
            .should().dependOnClassesThat().resideInAnyPackage("..scheduler.solver..", "..scheduler.scheduling..",
                    "..scheduler.decision..", "..scheduler.controller..", "..scheduler.plan..", "..scheduler.config..",
                    "..scheduler.cli..", "..scheduler.kubeclient..")
            .because("generated workloads are input, built from the API model and the fleet and placement vocabulary");

    @ArchTest
    static final ArchRule onlyPlanUsesWorkload = noClasses().that().resideInAnyPackage("..scheduler.controller..",
                    "..scheduler.config..", "..scheduler.kubeclient..")
            .should().dependOnClassesThat().resideInAPackage("..scheduler.workload..")
            .because("the controller schedules real ClusterProfiles and Placements, never generated ones");

    @ArchTest
    static final ArchRule coreHasNoSpringAndNoApiCalls = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.kubernetes.client.openapi",
                    "io.kubernetes.client.openapi.apis..", "io.kubernetes.client.informer..",
                    "io.kubernetes.client.extended..", "io.kubernetes.client.util.generic..", "picocli..")
            .because("the core decides; reading and writing the API server belongs to the controller and plan");

    @ArchTest
    static final ArchRule controllerAndPlanAreIndependent = noClasses().that().resideInAPackage("..scheduler.plan..")
            .should().dependOnClassesThat().resideInAnyPackage("..scheduler.controller..", "..scheduler.config..");

    @ArchTest
    static final ArchRule controllerDoesNotUsePlan = noClasses().that().resideInAPackage("..scheduler.controller..")
            .should().dependOnClassesThat().resideInAnyPackage("..scheduler.plan..", "..scheduler.cli..");
}
