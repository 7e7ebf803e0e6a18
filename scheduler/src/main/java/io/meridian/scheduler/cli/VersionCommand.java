package io.meridian.scheduler.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code meridian version}: Meridian's version and the versions of the libraries that decide its behaviour. */
@Command(name = "version", description = "Prints the version of Meridian, the Kubernetes client and OptaPlanner.")
public class VersionCommand implements Callable<Integer> {

    /** Written by the build from the POM (resource filtering), so it is right in a jar and in tests alike. */
    static final String VERSION_RESOURCE = "/meridian-version.properties";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        for (String line : new Provider().getVersion()) {
            spec.commandLine().getOut().println(line);
        }
        return 0;
    }

    /** Also answers {@code meridian --version}. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties versions = new Properties();
            try (InputStream in = VersionCommand.class.getResourceAsStream(VERSION_RESOURCE)) {
                versions.load(in);
            } catch (IOException | NullPointerException e) {
                throw new UncheckedIOException(new IOException(VERSION_RESOURCE + " is missing from the build", e));
            }
            return new String[] {
                    "meridian " + versions.getProperty("meridian"),
                    "kubernetes-client-java " + versions.getProperty("kubernetes-client-java"),
                    "optaplanner " + versions.getProperty("optaplanner"),
                    "spring-boot " + versions.getProperty("spring-boot"),
                    "java " + System.getProperty("java.version")};
        }
    }
}
