package io.meridian.scheduler.controller;

import java.util.List;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness: informer caches are synced and none is stale, and on the leader the first pass is
 * done. A standby replica with synced caches is ready, since it can take over at once. A stale
 * informer ({@link InformerHealth}) means the caches may no longer show the cluster.
 */
@Component("scheduler")
public class ControllerHealth implements HealthIndicator {

    private final SchedulerController controller;
    private final InformerHealth informers;

    public ControllerHealth(SchedulerController controller, InformerHealth informers) {
        this.controller = controller;
        this.informers = informers;
    }

    @Override
    public Health health() {
        boolean synced = controller.isSynced();
        List<String> stale = informers.stale();
        boolean leading = controller.isLeading();
        boolean ready = synced && stale.isEmpty() && (!leading || controller.hasScheduled());
        return (ready ? Health.up() : Health.outOfService())
                .withDetail("informersSynced", synced)
                .withDetail("staleInformers", stale)
                .withDetail("leader", leading)
                .withDetail("scheduled", controller.hasScheduled())
                .build();
    }
}
