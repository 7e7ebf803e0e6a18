package io.meridian.scheduler.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The controller as it ships: the packaged jar in a JVM of its own, so a test can kill it as
 * abruptly as a node failure does. The jar is built in the {@code package} phase, before failsafe.
 */
public final class ControllerProcess implements AutoCloseable {

    /** The subcommand that runs the controller. */
    public static final String COMMAND = "run";
    /** Each replica's output, kept for a look after a failure. */
    public static final Path LOGS = Tools.REPOSITORY.resolve("scheduler/target/controller-logs");

    private final String identity;
    private final Path log;
    private final Process process;

    private ControllerProcess(String identity, Path log, Process process) {
        this.identity = identity;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts a replica against the API server.
     *
     * @param identity   its name in the leader election Lease
     * @param properties further Spring properties, without the leading {@code --}
     */
    public static ControllerProcess start(KubeApiServer apiServer, String identity, List<String> properties)
            throws IOException {
        return start(identity, arguments(apiServer, identity, properties));
    }

    /**
     * Starts a replica that authenticates with this kubeconfig (such as a ServiceAccount's token)
     * and keeps its Lease in this namespace.
     *
     * @param properties further Spring properties, without the leading {@code --}
     */
    public static ControllerProcess start(Path kubeconfig, String leaseNamespace, String identity,
                                          List<String> properties) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--meridian.kubeconfig=" + kubeconfig, "--server.port=0",
                "--meridian.leader-election.lease-namespace=" + leaseNamespace,
                "--meridian.leader-election.identity=" + identity));
        properties.forEach(property -> arguments.add("--" + property));
        return start(identity, arguments);
    }

    private static ControllerProcess start(String identity, List<String> controllerArguments) throws IOException {
        List<String> arguments = new ArrayList<>(List.of(COMMAND));
        arguments.addAll(controllerArguments);
        Path log = Files.createDirectories(LOGS).resolve(identity + ".log");
        // A small, quick-starting JVM: two of them share the machine with the test and the API server.
        Process process = MeridianJar.command(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx512m"), arguments)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ControllerProcess(identity, log, process);
    }

    /**
     * The controller's command-line arguments for a replica of the API server, in this process or another.
     *
     * @param identity   its name in the leader election Lease, in namespace {@code default}
     * @param properties further Spring properties, without the leading {@code --}
     */
    public static List<String> arguments(KubeApiServer apiServer, String identity, List<String> properties)
            throws IOException {
        List<String> arguments = new ArrayList<>(List.of(
                "--meridian.kubeconfig=" + apiServer.kubeconfig(),
                "--server.port=0",
                "--meridian.leader-election.lease-namespace=default",
                "--meridian.leader-election.identity=" + identity));
        properties.forEach(property -> arguments.add("--" + property));
        return arguments;
    }

    public String identity() {
        return identity;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs, the Lease is not released. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Everything the replica printed so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** The end of the replica's output, for a failure message. */
    public String logTail() {
        try {
            String text = Files.readString(log);
            return "--- " + identity + " ---\n" + text.substring(Math.max(0, text.length() - 6000));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Stops the replica as Kubernetes does: SIGTERM, then SIGKILL. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
