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

    /** A small, quick-starting JVM: two of them share the machine with the test and the API server. */
    private static final List<String> SMALL_JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx512m");

    /** The options the image starts the controller's JVM with, as a launcher argument file. */
    public static final Path IMAGE_JVM_OPTIONS = Tools.REPOSITORY.resolve("scheduler/jvm.options");

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
        return start(apiServer, identity, SMALL_JVM, properties);
    }

    /**
     * Starts a replica in a JVM with these options, e.g. a full JIT and a heap limit for a benchmark.
     *
     * @param jvmOptions options before {@code -jar}
     * @param properties further Spring properties, without the leading {@code --}
     */
    public static ControllerProcess start(KubeApiServer apiServer, String identity, List<String> jvmOptions,
                                          List<String> properties) throws IOException {
        return start(identity, jvmOptions, arguments(apiServer, identity, properties));
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
        return start(identity, SMALL_JVM, arguments);
    }

    private static ControllerProcess start(String identity, List<String> jvmOptions, List<String> controllerArguments)
            throws IOException {
        List<String> arguments = new ArrayList<>(List.of(COMMAND));
        arguments.addAll(controllerArguments);
        Path log = Files.createDirectories(LOGS).resolve(identity + ".log");
        Process process = MeridianJar.command(jvmOptions, arguments)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ControllerProcess(identity, log, process);
    }

    /**
     * The controller's command-line arguments for a replica of the API server, in this process or another.
     *
     * @param identity   its name in the leader election Lease, in namespace {@code default}
     * @param properties further Spring properties, without the leading {@code --}; they replace the defaults
     */
    public static List<String> arguments(KubeApiServer apiServer, String identity, List<String> properties)
            throws IOException {
        List<String> defaults = List.of(
                "meridian.kubeconfig=" + apiServer.kubeconfig(),
                "server.port=0",
                "meridian.leader-election.lease-namespace=default",
                "meridian.leader-election.identity=" + identity);
        List<String> arguments = new ArrayList<>();
        // A property given twice would reach Spring as both values joined by a comma: the caller's wins.
        defaults.stream().filter(d -> properties.stream().noneMatch(p -> p.startsWith(d.substring(0, d.indexOf('=') + 1))))
                .forEach(property -> arguments.add("--" + property));
        properties.forEach(property -> arguments.add("--" + property));
        return arguments;
    }

    public String identity() {
        return identity;
    }

    /** The operating system's process id, for {@code jcmd}. */
    public long pid() {
        return process.pid();
    }

    /** CPU time the replica's JVM has used so far. */
    public java.time.Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElse(java.time.Duration.ZERO);
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
