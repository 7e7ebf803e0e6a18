package io.meridian.scheduler.config;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static io.meridian.scheduler.placement.Placements.pickN;
import static io.meridian.scheduler.placement.Placements.placement;
import static io.meridian.scheduler.placement.Placements.withDecisions;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import io.meridian.api.placement.Placement;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.Profiles;
import io.meridian.scheduler.scheduling.FleetScheduler;
import io.meridian.scheduler.solver.SchedulingOptions;
import io.meridian.scheduler.testing.LogCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogNoiseFilterTest {

    private final LogNoiseFilter filter = new LogNoiseFilter();

    @BeforeEach
    void install() {
        filter.afterPropertiesSet();
    }

    @AfterEach
    void uninstall() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getTurboFilterList().remove(filter);
    }

    @Test
    void anInformerThreadInterruptedOnStopIsNoError() {
        try (LogCapture logs = LogCapture.of("io.kubernetes.client.informer.cache")) {
            LoggerFactory.getLogger("io.kubernetes.client.informer.cache.Controller")
                    .error("DefaultController#processLoop get interrupted {}", "null", new InterruptedException());
            LoggerFactory.getLogger("io.kubernetes.client.informer.cache.ProcessorListener")
                    .error("processor interrupted: {}", new InterruptedException());
            LoggerFactory.getLogger("io.kubernetes.client.informer.cache.ProcessorListener")
                    .error("failed invoking UPDATE event handler: {}", new IllegalStateException("a real bug"));

            assertThat(logs.lines()).containsExactly("ERROR failed invoking UPDATE event handler: {}");
        }
    }

    /**
     * Many settled placements and one new one: the settled ones are fixed load, not pinned entities,
     * so OptaPlanner's selectors never search through them and have no reason to bail out.
     */
    @Test
    void settledPlacementsLeaveOptaPlannerNothingToBailOutOf() {
        Instant now = Profiles.SINCE.toInstant().plus(Duration.ofMinutes(10));
        Fleet fleet = Profiles.fleet(profile("eu-1"), profile("eu-2").healthy("False", Profiles.SINCE));
        FleetScheduler scheduler = new FleetScheduler(SchedulingOptions.defaults());
        List<Placement> settled = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            settled.add(placement("settled-" + i, pickN(1)));
        }
        scheduler.schedule(fleet, settled, now);
        try (LogCapture logs = LogCapture.of("org.optaplanner.core.impl.heuristic.selector")) {
            for (int pass = 0; pass < 3; pass++) {
                List<Placement> placements = new ArrayList<>(settled.stream()
                        .map(p -> withDecisions(p, "eu-1")).toList());
                placements.add(placement("new-" + pass, pickN(1)));
                scheduler.schedule(fleet, placements, now);
            }

            assertThat(logs.lines()).filteredOn(line -> line.startsWith("WARN")).isEmpty();
        }
    }
}
