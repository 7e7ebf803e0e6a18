package io.meridian.scheduler.plan;

import io.meridian.scheduler.cli.MeridianCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.stream.Stream;
import picocli.CommandLine;

/** One {@code meridian plan} through the command line, in this JVM: its exit code and what it printed. */
record PlanRun(int exitCode, String out, String err) {

    static PlanRun plan(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = MeridianCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(Stream.concat(Stream.of("plan"), Stream.of(args)).toArray(String[]::new));
        return new PlanRun(exitCode, out.toString(), err.toString());
    }
}
