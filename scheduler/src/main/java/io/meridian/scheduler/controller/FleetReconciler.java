package io.meridian.scheduler.controller;

import io.kubernetes.client.openapi.ApiException;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Conditions;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.scheduler.config.MeridianProperties;
import io.meridian.scheduler.decision.StatusBuilder;
import io.meridian.scheduler.fleet.FactMapper;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.solver.FleetScheduler;
import io.meridian.scheduler.solver.PlacementOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * One scheduling pass: the fleet and all placements from the informer caches, solved together,
 * then every placement whose status or slices differ from what the API server holds is written.
 * Anything unchanged is not written, so a pass over a quiet fleet makes no API calls.
 */
@Component
public class FleetReconciler {

    private static final Logger log = LoggerFactory.getLogger(FleetReconciler.class);

    static final String WRITES_METRIC = "meridian.api.writes";
    static final String WRITE_ERRORS_METRIC = "meridian.api.write.errors";

    private final FleetInformers informers;
    private final FactMapper factMapper;
    private final FleetScheduler scheduler;
    private final ApplyClient apply;
    private final SliceWriter sliceWriter;
    private final DecisionEvents events;
    private final StatusBuilder statusBuilder = new StatusBuilder();
    private final Clock clock;
    private final Timer passTimer;
    private final Timer solveTimer;
    private final Counter decisionsChanged;
    private final Counter statusWrites;
    private final Counter writeErrors;
    private final MultiGauge placementsByCondition;
    /** Writes of different placements are independent; a few in flight hide the API server's latency. */
    private final ExecutorService writers;

    @Autowired
    public FleetReconciler(FleetInformers informers, FactMapper factMapper, FleetScheduler scheduler,
                           ApplyClient apply, SliceWriter sliceWriter, DecisionEvents events, MeterRegistry registry,
                           MeridianProperties properties) {
        this(informers, factMapper, scheduler, apply, sliceWriter, events, registry, Clock.systemUTC(),
                properties.writeConcurrency());
    }

    FleetReconciler(FleetInformers informers, FactMapper factMapper, FleetScheduler scheduler, ApplyClient apply,
                    SliceWriter sliceWriter, DecisionEvents events, MeterRegistry registry, Clock clock,
                    int writeConcurrency) {
        AtomicInteger writerCount = new AtomicInteger();
        this.writers = Executors.newFixedThreadPool(writeConcurrency, runnable -> {
            Thread thread = new Thread(runnable, "meridian-writer-" + writerCount.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.informers = informers;
        this.factMapper = factMapper;
        this.scheduler = scheduler;
        this.apply = apply;
        this.sliceWriter = sliceWriter;
        this.events = events;
        this.clock = clock;
        this.passTimer = Timer.builder("meridian.scheduling.duration")
                .description("One scheduling pass: read caches, solve, write changes")
                .publishPercentileHistogram().register(registry);
        this.solveTimer = Timer.builder("meridian.solver.duration")
                .description("Time in validation, filtering and the solver").publishPercentileHistogram().register(registry);
        this.decisionsChanged = Counter.builder("meridian.decisions.changed")
                .description("Placements whose selected clusters changed").register(registry);
        this.statusWrites = Counter.builder(WRITES_METRIC).tag("kind", "status").register(registry);
        this.writeErrors = Counter.builder(WRITE_ERRORS_METRIC)
                .description("Status or PlacementDecision writes the API server refused").register(registry);
        this.placementsByCondition = MultiGauge.builder("meridian.placements")
                .description("Placements by their Satisfied/Misconfigured state").register(registry);
    }

    /**
     * @return when the next pass is due because a toleration runs out, if any
     * @throws PassFailedException when some writes failed; they are retried with the whole pass
     */
    public Optional<Instant> reconcile() {
        return passTimer.record(this::pass);
    }

    private Optional<Instant> pass() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS); // metav1.Time has seconds
        Fleet fleet = factMapper.fleet(informers.clusterProfiles(), informers.namespaceLabels());
        List<Placement> placements = informers.placements().stream()
                .filter(p -> p.metadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparing(Placement::key))
                .toList();
        Map<String, PlacementOutcome> outcomes = solveTimer.record(() -> scheduler.schedule(fleet, placements, now));

        Map<String, List<PlacementDecision>> slicesByPlacement = SliceWriter.byPlacement(informers.placementDecisions());
        OffsetDateTime time = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        Map<String, Integer> byCondition = new HashMap<>();
        List<Callable<Integer>> writes = new ArrayList<>();
        for (Placement placement : placements) {
            PlacementOutcome outcome = outcomes.get(placement.key());
            PlacementStatus status = statusBuilder.build(outcome, placement.status(), placement.metadata().getGeneration(), time);
            byCondition.merge(state(outcome, status), 1, Integer::sum);
            List<PlacementDecision> slices = slicesByPlacement.getOrDefault(placement.key(), List.of());
            writes.add(() -> writePlacement(placement, outcome, status, slices));
        }
        int failures = 0;
        try {
            for (Future<Integer> result : writers.invokeAll(writes)) {
                failures += result.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PassFailedException("interrupted while writing");
        } catch (ExecutionException e) {
            throw new PassFailedException("write failed: " + e.getCause());
        }
        failures += sliceWriter.deleteOrphans(placements.stream().map(Placement::key).collect(Collectors.toSet()),
                slicesByPlacement);
        placementsByCondition.register(byCondition.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("state", e.getKey()), e.getValue())).toList(), true);
        if (failures > 0) {
            throw new PassFailedException(failures + " writes failed; retrying");
        }
        return outcomes.values().stream().map(PlacementOutcome::nextReview).filter(Objects::nonNull).min(Instant::compareTo);
    }

    /** Slices first, so a consumer that follows the status finds the slices already there. */
    private int writePlacement(Placement placement, PlacementOutcome outcome, PlacementStatus status,
                               List<PlacementDecision> slices) {
        MDC.put("placement", placement.key());
        try {
            int failures = sliceWriter.write(placement, outcome.groups(), slices);
            if (!status.equals(placement.status())) {
                apply.applyStatus(placement, status);
                statusWrites.increment();
                events.record(placement, placement.status(), status);
                if (!outcome.isMisconfigured() && decisionChanged(placement.status(), status)) {
                    decisionsChanged.increment();
                }
                log.info("status written: {} of {} clusters selected", status.numberOfSelectedClusters(),
                        outcome.requested());
            }
            return failures;
        } catch (ApiException e) {
            writeErrors.increment();
            log.warn("status write failed: {} {}", e.getCode(), e.getResponseBody());
            return 1;
        } finally {
            MDC.remove("placement");
        }
    }

    private static boolean decisionChanged(PlacementStatus before, PlacementStatus after) {
        return before == null || !DecisionEvents.clusters(before).equals(DecisionEvents.clusters(after));
    }

    private static String state(PlacementOutcome outcome, PlacementStatus status) {
        if (outcome.isMisconfigured()) {
            return "misconfigured";
        }
        return status.conditions().stream()
                .filter(c -> Conditions.SATISFIED.equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst().map(c -> "satisfied").orElse("unsatisfied");
    }

    @PreDestroy
    void shutdown() {
        writers.shutdown();
    }

    /** Some writes of a pass failed; the pass is retried with backoff. */
    public static final class PassFailedException extends RuntimeException {
        PassFailedException(String message) {
            super(message);
        }
    }
}
