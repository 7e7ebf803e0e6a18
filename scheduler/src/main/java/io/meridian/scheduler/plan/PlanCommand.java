package io.meridian.scheduler.plan;

import io.meridian.api.placement.Placement;
import io.meridian.scheduler.fleet.FleetOptions;
import io.meridian.scheduler.kubeclient.ClusterConnection;
import io.meridian.scheduler.placement.TenancyMode;
import io.meridian.scheduler.placement.TenancyOptions;
import io.meridian.scheduler.solver.SchedulingOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
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
                        + "Placement is planned."})
public class PlanCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-f", "--filename"}, paramLabel = "PATH",
            description = "File or directory of ClusterProfiles, Placements, Namespaces and ClusterSetBindings "
                    + "(repeatable). Required offline.")
    List<Path> inputs = List.of();

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
        if (!live && inputs.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "plan needs -f PATH, or --kubeconfig FILE to plan against a live API server");
        }
        FleetOptions fleetOptions = new FleetOptions(locationProperty, clusterSetProperty,
                FleetOptions.DEFAULT_CLUSTERSET_LABEL, FleetOptions.DEFAULT_CAPACITY_PROPERTY, managersWithoutJoined);
        Planner planner = new Planner(fleetOptions, SchedulingOptions.defaults(),
                new TenancyOptions(tenancy, ownNamespaceProfiles));
        Manifests given = inputs.isEmpty() ? Manifests.empty() : new ManifestReader().read(inputs);
        Instant at = now == null ? Instant.now() : now;
        List<PlannedPlacement> planned = live ? whatIf(planner, given, at) : planner.plan(given, at);
        new PlanPrinter().print(planned, format, spec.commandLine().getOut());
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
