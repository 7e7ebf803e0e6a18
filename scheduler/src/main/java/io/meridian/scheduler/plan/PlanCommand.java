package io.meridian.scheduler.plan;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.scheduler.fleet.FactMapper;
import io.meridian.scheduler.fleet.FleetOptions;
import io.meridian.scheduler.kubeclient.ClusterConnection;
import io.meridian.scheduler.placement.TenancyMode;
import io.meridian.scheduler.placement.TenancyOptions;
import io.meridian.scheduler.solver.SchedulingOptions;
import io.meridian.scheduler.workload.FleetGenerator;
import io.meridian.scheduler.workload.Workload;
import io.meridian.scheduler.workload.WorkloadSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meridian plan}: what the scheduler would decide. Offline over manifests alone, or as a
 * what-if against a live API server, which it only reads.
 */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Schedules Placements and prints each one's status and the PlacementDecisions that would be written.",
                "Offline (-f only): the fleet and Placements come from the manifests; no cluster is needed.",
                "What-if (--kubeconfig): the fleet and the existing Placements come from the API server (read-only); "
                        + "the -f Placements are planned together with them as if applied, and the output shows, "
                        + "for each, what would change against its current status. Without -f, every existing "
                        + "Placement is planned.",
                "Generated (--generate): a synthetic fleet and Placements, deterministic by seed, followed by a summary."})
public class PlanCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-f", "--filename"}, paramLabel = "PATH",
            description = "File or directory of ClusterProfiles, Placements, Namespaces and ClusterSetBindings "
                    + "(repeatable). Required offline.")
    List<Path> inputs = List.of();

    @Option(names = "--generate", paramLabel = "SPEC",
            description = "Plan a generated fleet instead of manifests: clusters=N,placements=N,tight=true|false,seed=N "
                    + "(defaults 1000, 1000, false, 42; tight: capacity-tight, every placement fits). "
                    + "Prints a summary after the plan: placements satisfied, spread kept, load and utilisation.")
    String generate;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Plan against the API server of this kubeconfig (read-only).")
    String kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "kubeconfig context (default: its current context).")
    String context;

    @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
            description = "table, yaml or json (default: ${DEFAULT-VALUE}).")
    PlanPrinter.Format format;

    @Option(names = "--now", paramLabel = "TIME", description = "Evaluate tolerations at this RFC 3339 time (default: now).")
    Instant now;

    @Option(names = "--location-property", defaultValue = FleetOptions.DEFAULT_LOCATION_PROPERTY,
            description = "Property holding a cluster's location (default: ${DEFAULT-VALUE}).")
    String locationProperty;

    @Option(names = "--clusterset-property", defaultValue = FleetOptions.DEFAULT_CLUSTERSET_PROPERTY,
            description = "Property holding a cluster's clusterset (default: ${DEFAULT-VALUE}).")
    String clusterSetProperty;

    @Option(names = "--tenancy", defaultValue = "bindings", paramLabel = "MODE",
            description = "bindings: a Placement sees only the clustersets bound to its namespace by ClusterSetBindings; "
                    + "open: every cluster, bindings ignored (default: ${DEFAULT-VALUE}).")
    TenancyMode tenancy;

    @Option(names = "--own-namespace-profiles", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With --tenancy=bindings, the ClusterProfiles in a Placement's own namespace are visible "
                    + "to it without a binding (default: ${DEFAULT-VALUE}).")
    boolean ownNamespaceProfiles;

    @Option(names = "--managers-without-joined", split = ",", paramLabel = "MANAGER",
            description = "Cluster managers that never set the Joined condition.")
    Set<String> managersWithoutJoined = Set.of();

    @Override
    public Integer call() {
        // The plan's output is the product here; the solver's progress lines are not, and what is
        // logged goes to stderr so that stdout stays the document alone.
        StderrLogging.configure();
        boolean live = kubeconfig != null || context != null;
        if (generate != null && (live || !inputs.isEmpty())) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--generate plans a generated fleet; it takes no -f, --kubeconfig or --context");
        }
        if (!live && inputs.isEmpty() && generate == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "plan needs -f PATH, --kubeconfig FILE to plan against a live API server, or --generate SPEC");
        }
        FleetOptions fleetOptions = new FleetOptions(locationProperty, clusterSetProperty,
                FleetOptions.DEFAULT_CLUSTERSET_LABEL, FleetOptions.DEFAULT_CAPACITY_PROPERTY, managersWithoutJoined);
        Planner planner = new Planner(fleetOptions, SchedulingOptions.defaults(),
                new TenancyOptions(tenancy, ownNamespaceProfiles));
        Instant at = now == null ? Instant.now() : now;
        if (generate != null) {
            return planGenerated(planner, fleetOptions, at);
        }
        Manifests given = inputs.isEmpty() ? Manifests.empty() : new ManifestReader().read(inputs);
        List<PlannedPlacement> planned = live ? whatIf(planner, given, at) : planner.plan(given, at);
        new PlanPrinter().print(planned, format, spec.commandLine().getOut());
        return 0;
    }

    /** The plan of a generated fleet, then how good it is; the summary goes to stderr when stdout holds a document. */
    private int planGenerated(Planner planner, FleetOptions fleetOptions, Instant at) {
        WorkloadSpec workloadSpec;
        try {
            workloadSpec = WorkloadSpec.parse(generate);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--generate: " + e.getMessage());
        }
        Workload workload = FleetGenerator.generate(workloadSpec);
        String source = "generated " + workloadSpec.describe();
        Map<String, String> sources = new LinkedHashMap<>();
        workload.placements().forEach(placement -> sources.put(placement.key(), source));
        Manifests manifests = new Manifests(workload.profiles(), workload.placements(), Map.of(), sources,
                workload.bindings());
        List<PlannedPlacement> planned = planner.plan(manifests, at);
        PrintWriter out = spec.commandLine().getOut();
        new PlanPrinter().print(planned, format, out);
        Map<String, List<ClusterProfileRef>> decisions = new LinkedHashMap<>();
        planned.forEach(entry -> decisions.put(entry.placement().key(), entry.placement().status().decisions().stream()
                .map(Decision::clusterProfileRef).toList()));
        PlanSummary summary = PlanSummary.of(new FactMapper(fleetOptions).fleet(workload.profiles(), Map.of()),
                workload.placements(), decisions, at);
        PrintWriter summaryOut = format == PlanPrinter.Format.table ? out : spec.commandLine().getErr();
        summaryOut.println();
        summaryOut.printf("Generated fleet: %s (%s workload)%n", workloadSpec.describe(),
                workloadSpec.tight() ? "capacity-tight" : "everyday");
        summary.print(summaryOut);
        return 0;
    }

    private List<PlannedPlacement> whatIf(Planner planner, Manifests given, Instant at) {
        Manifests current = new LiveFleetReader(ClusterConnection.resolve(kubeconfig, context).client())
                .read(tenancy != TenancyMode.open);
        Map<String, Placement> existing = current.placements().stream()
                .collect(Collectors.toMap(Placement::key, Function.identity()));
        Set<String> shown = given.placements().isEmpty() ? existing.keySet() : given.sources().keySet();
        return planner.plan(WhatIf.overlay(current, given), at).stream()
                .filter(entry -> shown.contains(entry.placement().key()))
                .map(entry -> entry.withChange(WhatIf.change(entry.selectedClusters(), existing.get(entry.placement().key()))))
                .toList();
    }
}
