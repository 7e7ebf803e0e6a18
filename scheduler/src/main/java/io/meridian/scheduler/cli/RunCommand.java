package io.meridian.scheduler.cli;

import io.meridian.scheduler.MeridianApplication;
import io.meridian.scheduler.kubeclient.ClusterConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code meridian run}: the controller, until it is stopped. The cluster configuration is resolved
 * before Spring starts, so a machine without one gets a one-line error in well under a second.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the controller: watches ClusterProfiles and Placements, schedules, and writes each "
                + "decision to the Placement's status and to PlacementDecisions.",
                "Any --NAME=VALUE argument is a Spring property, e.g. --meridian.debounce=500ms --server.port=9090 "
                        + "(see the README's configuration table)."})
public class RunCommand implements Callable<Integer> {

    private static final Pattern PROPERTY = Pattern.compile("--[a-zA-Z][\\w.\\[\\]-]*=.*");

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "kubeconfig file (default: $MERIDIAN_KUBECONFIG, $KUBECONFIG, ~/.kube/config, then the pod's service account).")
    String kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "kubeconfig context (default: its current context).")
    String context;

    @Unmatched
    List<String> properties = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        for (String property : properties) {
            if (!PROPERTY.matcher(property).matches()) {
                throw new IllegalArgumentException("unknown argument '" + property
                        + "': run takes --kubeconfig, --context and Spring properties as --NAME=VALUE");
            }
        }
        ClusterConnection connection = ClusterConnection.resolve(
                firstNonBlank(kubeconfig, property("meridian.kubeconfig"), System.getenv("MERIDIAN_KUBECONFIG")),
                firstNonBlank(context, property("meridian.context"), System.getenv("MERIDIAN_CONTEXT")));
        SpringApplication application = new SpringApplication(MeridianApplication.class);
        application.addInitializers(context -> context.getBeanFactory().registerSingleton("clusterConnection", connection));
        CountDownLatch closed = new CountDownLatch(1);
        application.addListeners(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        ConfigurableApplicationContext running;
        try {
            running = application.run(properties.toArray(String[]::new));
        } catch (RuntimeException startFailed) {
            return MeridianCommand.EXIT_RUN_FAILED; // Spring has logged why
        }
        if (running.isActive()) {
            closed.await();
        }
        return 0;
    }

    private String property(String name) {
        String prefix = "--" + name + "=";
        return properties.stream().filter(p -> p.startsWith(prefix)).map(p -> p.substring(prefix.length()))
                .reduce((first, last) -> last).orElse(null);
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "";
    }
}
