package io.meridian.scheduler.cli;

import io.meridian.scheduler.kubeclient.ClusterConnectionException;
import io.meridian.scheduler.plan.InvalidManifestException;
import io.meridian.scheduler.plan.PlanCommand;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code meridian}: the one entry point of the jar and the container. Only {@code run} starts
 * Spring; help, version and plan answer at once.
 */
@Command(name = "meridian", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Multi-cluster workload scheduler for Kubernetes ClusterProfiles.",
        subcommands = {RunCommand.class, PlanCommand.class, VersionCommand.class, CommandLine.HelpCommand.class})
public class MeridianCommand implements Callable<Integer> {

    /** {@code run}'s exit code for anything that keeps the controller from starting. */
    public static final int EXIT_RUN_FAILED = 1;
    /** {@code plan}'s (and every other command's) exit code for invalid arguments or input. */
    public static final int EXIT_INVALID_INPUT = 2;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** A command line whose mistakes are one line on stderr and an exit code, never a stack trace. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new MeridianCommand());
        commandLine.registerConverter(Instant.class, Instant::parse);
        commandLine.setParameterExceptionHandler((exception, args) -> {
            CommandLine command = exception.getCommandLine();
            command.getErr().println("error: " + exception.getMessage() + " (see 'meridian "
                    + subcommandName(command) + "--help')");
            return exitCodeOf(command);
        });
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
            if (exception instanceof InvalidManifestException || exception instanceof ClusterConnectionException
                    || exception instanceof IllegalArgumentException) {
                command.getErr().println("error: " + exception.getMessage());
                return exitCodeOf(command);
            }
            throw exception;
        });
        return commandLine;
    }

    private static int exitCodeOf(CommandLine command) {
        return command.getCommand() instanceof RunCommand ? EXIT_RUN_FAILED : EXIT_INVALID_INPUT;
    }

    private static String subcommandName(CommandLine command) {
        return command.getParent() == null ? "" : command.getCommandName() + " ";
    }
}
