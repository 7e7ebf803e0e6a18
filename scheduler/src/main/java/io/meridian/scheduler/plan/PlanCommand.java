package io.meridian.scheduler.plan;

import io.meridian.scheduler.fleet.FleetOptions;
import io.meridian.scheduler.solver.SchedulingOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meridian plan -f DIR}: what the scheduler would decide for these manifests, with no cluster. */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Schedules the Placements in the given manifests over the ClusterProfiles in them and "
                + "prints each Placement's status and the PlacementDecisions that would be written.")
public class PlanCommand implements Callable<Integer> {

    public static final int EXIT_INVALID_INPUT = 2;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "PATH",
            description = "File or directory of ClusterProfiles, Placements and Namespaces (repeatable).")
    List<Path> inputs;

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

    @Option(names = "--managers-without-joined", split = ",", paramLabel = "MANAGER",
            description = "Cluster managers that never set the Joined condition.")
    Set<String> managersWithoutJoined = Set.of();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        FleetOptions fleetOptions = new FleetOptions(locationProperty, clusterSetProperty,
                FleetOptions.DEFAULT_CLUSTERSET_LABEL, FleetOptions.DEFAULT_CAPACITY_PROPERTY, managersWithoutJoined);
        Manifests manifests = new ManifestReader().read(inputs);
        List<PlannedPlacement> planned = new Planner(fleetOptions, SchedulingOptions.defaults())
                .plan(manifests, now == null ? Instant.now() : now);
        new PlanPrinter().print(planned, format, out);
        return 0;
    }

    /** A command line whose invalid input exits 2 with a one-line message, like a usage error. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new PlanCommand());
        commandLine.registerConverter(Instant.class, Instant::parse);
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            if (exception instanceof InvalidManifestException) {
                cmd.getErr().println("error: " + exception.getMessage());
                return EXIT_INVALID_INPUT;
            }
            throw exception;
        });
        return commandLine;
    }
}
