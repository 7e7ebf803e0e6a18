package io.meridian.scheduler.config;

import io.meridian.scheduler.fleet.FactMapper;
import io.meridian.scheduler.solver.FleetScheduler;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Kubernetes-free scheduling core, configured from {@link MeridianProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MeridianProperties.class)
public class SchedulerConfiguration {

    @Bean
    public FactMapper factMapper(MeridianProperties properties) {
        return new FactMapper(properties.fleet().options());
    }

    @Bean
    public FleetScheduler fleetScheduler(MeridianProperties properties) {
        return new FleetScheduler(properties.scheduling().options());
    }
}
