package io.meridian.scheduler;

import io.kubernetes.client.spring.extended.manifests.config.KubernetesManifestsAutoConfiguration;
import io.meridian.scheduler.cli.MeridianCommand;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The controller's Spring Boot application, started by {@code meridian run}. Meridian reads no
 * manifests from the classpath, so client-java's manifest auto-configuration is left out.
 */
@SpringBootApplication(exclude = KubernetesManifestsAutoConfiguration.class)
public class MeridianApplication {

    public static void main(String[] args) {
        System.exit(MeridianCommand.commandLine().execute(args));
    }
}
