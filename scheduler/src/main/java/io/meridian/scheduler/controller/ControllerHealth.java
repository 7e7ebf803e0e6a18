package io.meridian.scheduler.controller;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness: informer caches are synced, and on the leader the first pass is done. A standby
 * replica with synced caches is ready, since it can take over at once.
 */
@Component("scheduler")
public class ControllerHealth implements HealthIndicator {

    private final SchedulerController controller;

    public ControllerHealth(SchedulerController controller) {
        this.controller = controller;
    }

    @Override
    public Health health() {
        boolean synced = controller.isSynced();
        boolean leading = controller.isLeading();
        Health.Builder health = synced && (!leading || controller.hasScheduled()) ? Health.up() : Health.outOfService();
        return health.withDetail("informersSynced", synced)
                .withDetail("leader", leading)
                .withDetail("scheduled", controller.hasScheduled())
                .build();
    }
}
