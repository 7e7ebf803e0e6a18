package io.meridian.scheduler.controller;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Every meter of the controller, with its name, tags and description in one place (the README's
 * metrics table lists them under their Prometheus names, e.g. {@code meridian_api_writes_total}).
 */
@Component
public class ControllerMetrics {

    static final String PASS_DURATION = "meridian.scheduling.duration";
    static final String SOLVER_DURATION = "meridian.solver.duration";
    static final String DECISIONS_CHANGED = "meridian.decisions.changed";
    static final String WRITES = "meridian.api.writes";
    static final String WRITE_DURATION = "meridian.api.write.duration";
    static final String WRITE_ERRORS = "meridian.api.write.errors";
    static final String EDITS_REVERTED = "meridian.edits.reverted";
    static final String PLACEMENTS = "meridian.placements";
    static final String SCHEDULED = "meridian.scheduling.placements";
    static final String QUEUE_DEPTH = "meridian.queue.depth";
    static final String LEADER = "meridian.leader";
    static final String UNDECODABLE = "meridian.undecodable.objects";

    /** The {@code kind} of a write: a Placement's status. */
    static final String STATUS = "status";
    /** The {@code kind} of a write: a PlacementDecision slice. */
    static final String SLICE = "placementdecision";

    private final MeterRegistry registry;
    private final Timer passes;
    private final Timer solving;
    private final Counter decisionsChanged;
    private final MultiGauge placements;
    private final DistributionSummary scheduled;

    public ControllerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.passes = Timer.builder(PASS_DURATION).description("One scheduling pass: read caches, solve, write changes")
                .publishPercentileHistogram().register(registry);
        this.solving = Timer.builder(SOLVER_DURATION).description("Time in validation, filtering and the solver")
                .publishPercentileHistogram().register(registry);
        this.decisionsChanged = Counter.builder(DECISIONS_CHANGED)
                .description("Placements whose selected clusters changed").register(registry);
        this.scheduled = DistributionSummary.builder(SCHEDULED)
                .description("Placements a pass scheduled: the ones its changes could affect, or all in a full pass")
                .register(registry);
        this.placements = MultiGauge.builder(PLACEMENTS)
                .description("Placements by their Satisfied/Misconfigured state").register(registry);
        for (String kind : new String[] {STATUS, SLICE}) {
            writesCounter(kind);
            revertedCounter(kind);
        }
    }

    <T> T timePass(Supplier<T> pass) {
        return passes.record(pass);
    }

    <T> T timeSolving(Supplier<T> solve) {
        return solving.record(solve);
    }

    void scheduled(int placements) {
        scheduled.record(placements);
    }

    void decisionChanged() {
        decisionsChanged.increment();
    }

    /** @param nanos how long the API server took to answer, successfully */
    void written(String kind, long nanos) {
        writesCounter(kind).increment();
        Timer.builder(WRITE_DURATION).description("Status and PlacementDecision writes, until the API server answered")
                .tag("kind", kind).publishPercentileHistogram().register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** @param reason as in the API server's answer, e.g. {@code Invalid}, or {@code ConnectionError} */
    void writeFailed(String kind, String reason) {
        Counter.builder(WRITE_ERRORS).description("Status or PlacementDecision writes the API server refused or did not answer")
                .tag("kind", kind).tag("reason", reason).register(registry).increment();
    }

    /** Someone else edited what Meridian wrote, and it is written back. */
    void reverted(String kind) {
        revertedCounter(kind).increment();
    }

    void placements(Map<String, Integer> byState) {
        placements.register(byState.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("state", e.getKey()), e.getValue())).toList(), true);
    }

    void queueDepth(IntSupplier depth) {
        Gauge.builder(QUEUE_DEPTH, depth, IntSupplier::getAsInt).description("Passes and per-placement retries waiting")
                .register(registry);
    }

    void leader(BooleanSupplier leading) {
        Gauge.builder(LEADER, leading, l -> l.getAsBoolean() ? 1 : 0).description("1 on the replica holding the Lease")
                .register(registry);
    }

    Counter undecodable(String kind) {
        return Counter.builder(UNDECODABLE).tag("kind", kind)
                .description("Object versions left out of scheduling because they cannot be decoded").register(registry);
    }

    private Counter writesCounter(String kind) {
        return Counter.builder(WRITES).description("Status and PlacementDecision writes").tag("kind", kind)
                .register(registry);
    }

    private Counter revertedCounter(String kind) {
        return Counter.builder(EDITS_REVERTED).description("Edits by someone else of what Meridian wrote, written back")
                .tag("kind", kind).register(registry);
    }
}
