package io.meridian.scheduler.config;

import io.meridian.scheduler.fleet.FactMapper;
import io.meridian.scheduler.scheduling.FleetScheduler;
import io.meridian.scheduler.placement.TenancyOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Kubernetes-free scheduling core, configured from {@link MeridianProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MeridianProperties.class)
public class SchedulerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SchedulerConfiguration.class);

    @Bean
    public FactMapper factMapper(MeridianProperties properties) {
        return new FactMapper(properties.fleet().options());
    }

    /** Open mode is a deliberate choice for a fleet of one team; the log says what it means. */
    @Bean
    public TenancyOptions tenancyOptions(MeridianProperties properties) {
        TenancyOptions options = properties.tenancy().options();
        if (options.isOpen()) {
            log.warn("meridian.tenancy.mode=open: every namespace may use every cluster of the fleet; "
                    + "ClusterSetBindings are not enforced");
        } else {
            log.info("meridian.tenancy.mode=bindings: a Placement sees only the clustersets bound to its namespace{}",
                    options.ownNamespaceProfiles() ? " and the ClusterProfiles in it" : "");
        }
        return options;
    }

    @Bean
    public FleetScheduler fleetScheduler(MeridianProperties properties) {
        return new FleetScheduler(properties.scheduling().options());
    }
}
