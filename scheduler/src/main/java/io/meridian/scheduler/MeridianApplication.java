package io.meridian.scheduler;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.kubernetes.client.spring.extended.manifests.config.KubernetesManifestsAutoConfiguration;
import io.meridian.scheduler.plan.PlanCommand;
import java.util.Arrays;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * {@code meridian plan ...} schedules manifests offline and exits; with no arguments the
 * controller starts and watches the API server. Meridian reads no manifests from the classpath,
 * so client-java's manifest auto-configuration is left out.
 */
@SpringBootApplication(exclude = KubernetesManifestsAutoConfiguration.class)
public class MeridianApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("plan")) {
            // The plan's output is the product here; the solver's progress lines are not.
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
            System.exit(PlanCommand.commandLine().execute(Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(MeridianApplication.class, args);
    }
}
