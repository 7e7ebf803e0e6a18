package io.meridian.scheduler.controller;

import io.kubernetes.client.openapi.ApiException;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Conditions;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.scheduler.config.MeridianProperties;
import io.meridian.scheduler.decision.StatusBuilder;
import io.meridian.scheduler.fleet.FactMapper;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.placement.DecisionGroup;
import io.meridian.scheduler.placement.TenancyOptions;
import io.meridian.scheduler.placement.TenancyScope;
import io.meridian.scheduler.scheduling.FleetScheduler;
import io.meridian.scheduler.scheduling.PlacementOutcome;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * One scheduling pass: the fleet and all placements from the informer caches, solved together
 * from the decisions Meridian itself wrote ({@link PreviousDecision}), then every placement whose
 * status or slices differ from what the API server holds is written. Anything unchanged is not
 * written, so a pass over a quiet fleet makes no API calls; anything someone else changed is
 * written back.
 *
 * <p>A pass schedules only the placements a change can affect ({@link FleetScheduler}), and looks
 * at the writes of those and of the placements someone else edited; a full pass (periodic resync,
 * leadership, a binding or namespace change, a failed pass) looks at every placement.
 *
 * <p>Writes start as soon as something is decided: PickAll and PickFixed placements, which take
 * no part in the solve, are decided first and written while the PickN placements are solved; many
 * new PickN placements (a first pass) are solved in chunks, each written while the next is solved.
 * Placements whose clusters change are written before those whose status only refreshes
 * ({@link WriterPool}).
 *
 * <p>Each placement stands alone: when its writes fail, only it is retried, with a backoff of its
 * own ({@link SchedulingQueue}), with what this pass decided for it, while the other placements'
 * writes go on. A Placement deleted while it is written is not a failure.
 */
@Component
public class FleetReconciler {

    private static final Logger log = LoggerFactory.getLogger(FleetReconciler.class);

    /** What a pass decided for one Placement; kept while its writes are retried. */
    /** @param hidden clusters of the previous decision the Placement's namespace may no longer see */
    private record Desired(String uid, Long generation, List<DecisionGroup> groups, PlacementStatus status,
                           PlacementStatus previous, boolean misconfigured, int requested,
                           List<ClusterProfileRef> hidden) {

        boolean isFor(Placement placement) {
            return Objects.equals(uid, placement.metadata().getUid())
                    && Objects.equals(generation, placement.metadata().getGeneration());
        }
    }

    private final FleetInformers informers;
    private final FactMapper factMapper;
    private final FleetScheduler scheduler;
    private final TenancyOptions tenancy;
    private final ApplyClient apply;
    private final SliceWriter sliceWriter;
    private final DecisionEvents events;
    private final OwnWrites ownWrites;
    private final PreviousDecision previousDecision;
    private final WriteFailures failures;
    private final BindingStatusWriter bindingStatus;
    private final SchedulingQueue queue;
    private final StatusBuilder statusBuilder = new StatusBuilder();
    private final Clock clock;
    private final ControllerMetrics metrics;
    /** Placements whose writes failed, by key, with what the last pass decided for them. */
    private final Map<String, Desired> retrying = new ConcurrentHashMap<>();
    /** Events of statuses written, recorded after the writes of the pass or retry that wrote them. */
    private final Queue<Runnable> pendingEvents = new ConcurrentLinkedQueue<>();
    /** Each placement's Satisfied/Misconfigured state as last decided, for the placements gauge. */
    private final Map<String, String> states = new HashMap<>();
    private final WriterPool writers;

    @Autowired
    public FleetReconciler(FleetInformers informers, FactMapper factMapper, FleetScheduler scheduler,
                           TenancyOptions tenancy, ApplyClient apply, SliceWriter sliceWriter, DecisionEvents events,
                           OwnWrites ownWrites, PreviousDecision previousDecision, WriteFailures failures,
                           BindingStatusWriter bindingStatus, SchedulingQueue queue, ControllerMetrics metrics,
                           MeridianProperties properties) {
        this(informers, factMapper, scheduler, tenancy, apply, sliceWriter, events, ownWrites, previousDecision,
                failures, bindingStatus, queue, metrics, Clock.systemUTC(), properties.writeConcurrency());
    }

    FleetReconciler(FleetInformers informers, FactMapper factMapper, FleetScheduler scheduler,
                    TenancyOptions tenancy, ApplyClient apply,
                    SliceWriter sliceWriter, DecisionEvents events, OwnWrites ownWrites,
                    PreviousDecision previousDecision, WriteFailures failures, BindingStatusWriter bindingStatus,
                    SchedulingQueue queue, ControllerMetrics metrics, Clock clock, int writeConcurrency) {
        this.writers = new WriterPool(writeConcurrency);
        this.informers = informers;
        this.factMapper = factMapper;
        this.scheduler = scheduler;
        this.tenancy = tenancy;
        this.apply = apply;
        this.sliceWriter = sliceWriter;
        this.events = events;
        this.ownWrites = ownWrites;
        this.previousDecision = previousDecision;
        this.failures = failures;
        this.bindingStatus = bindingStatus;
        this.queue = queue;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Handles one key of the {@link SchedulingQueue}: a pass over the fleet, or the retry of one
     * placement's failed writes.
     *
     * @return when the next pass is due because a toleration runs out, if any
     */
    public Optional<Instant> reconcile(String key) {
        if (SchedulingQueue.isPass(key)) {
            return metrics.timePass(this::pass);
        }
        if (BindingStatusWriter.isRetry(key)) {
            bindingStatus.retry(key, informers.clusterSetBindings());
            return Optional.empty();
        }
        retry(key);
        return Optional.empty();
    }

    /**
     * This replica starts leading: what it wrote in an earlier term may have been overwritten by
     * another leader since, so it trusts only what the API server shows as Meridian's.
     */
    public void beginTerm() {
        ownWrites.clear();
        retrying.clear();
    }

    private Optional<Instant> pass() {
        long started = System.nanoTime();
        SchedulingQueue.PassRequest request = queue.drainPassRequest();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS); // metav1.Time has seconds
        Fleet fleet = factMapper.fleet(informers.clusterProfiles(), informers.namespaceLabels());
        Map<String, Placement> sorted = new TreeMap<>(); // each key made once, not at every comparison
        informers.placements().stream().filter(p -> p.metadata().getDeletionTimestamp() == null)
                .forEach(p -> sorted.put(p.key(), p));
        Set<String> keys = sorted.keySet();
        Map<String, List<PlacementDecision>> slicesByPlacement = sliceWriter.byPlacement(informers.placementDecisions(),
                keys);
        Map<String, Placement> byKey = new HashMap<>();
        Map<String, PlacementStatus> previous = new HashMap<>();
        List<Placement> fromPrevious = new ArrayList<>(sorted.size());
        sorted.forEach((key, placement) -> { // the same key strings throughout, each hashed once
            PlacementStatus status = previousDecision.of(placement, slices(slicesByPlacement, key));
            byKey.put(key, placement);
            previous.put(key, status);
            fromPrevious.add(placement.withStatus(status));
        });
        TenancyScope scope = TenancyScope.of(tenancy, fleet, informers.clusterSetBindings());
        OffsetDateTime time = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        List<CompletableFuture<Void>> writing = new ArrayList<>();

        long prepared = System.nanoTime();
        FleetScheduler.Pass scheduling = scheduler.begin(fleet, scope, fromPrevious, now, request.full());
        // Only what this pass schedules can change; a full pass, or someone else's edit, checks the rest too.
        Set<String> toWrite = new HashSet<>(scheduling.scheduled());
        toWrite.addAll(request.full() ? keys : request.touched());
        metrics.scheduled(scheduling.scheduled().size());

        // PickAll and PickFixed placements take no part in the solve: their writes start while it runs.
        Map<String, PlacementOutcome> early = new HashMap<>();
        Map<String, Desired> submitted = new HashMap<>();
        Consumer<Map<String, PlacementOutcome>> writeEarly = decided -> decided.forEach((key, outcome) -> {
            if (toWrite.contains(key) && outcome != null) {
                Desired desired = desired(byKey.get(key), outcome, previous.get(key), time, scope);
                early.put(key, outcome);
                submitted.put(key, desired);
                submit(byKey.get(key), desired, slices(slicesByPlacement, key), writing);
            }
        });
        writeEarly.accept(metrics.timeSolving(scheduling::selectAll));
        // PickN placements are handed over chunk by chunk, written while the next chunk is solved.
        Map<String, PlacementOutcome> outcomes = metrics.timeSolving(() -> scheduling.finish(writeEarly));
        for (Map.Entry<String, Placement> entry : sorted.entrySet()) {
            String key = entry.getKey();
            Placement placement = entry.getValue();
            if (!toWrite.contains(key)) {
                continue;
            }
            PlacementOutcome outcome = outcomes.get(key);
            Desired desired = outcome != null && outcome.equals(early.get(key)) ? submitted.get(key)
                    : submit(placement, desired(placement, outcome, previous.get(key), time, scope),
                    slices(slicesByPlacement, key), writing);
            if (desired != null) {
                states.put(key, state(desired));
            }
        }
        states.keySet().retainAll(keys);
        long decided = System.nanoTime();
        try {
            // Each write reports and schedules its own retry.
            CompletableFuture.allOf(writing.toArray(CompletableFuture[]::new)).exceptionally(failed -> null).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        } finally {
            if (log.isDebugEnabled()) {
                log.debug("pass: {} of {} placements scheduled, {} to write; prepared in {} ms, decided in {} ms, "
                                + "written {} ms later", scheduling.scheduled().size(), keys.size(), writing.size(),
                        millis(started, prepared), millis(prepared, decided), millis(decided, System.nanoTime()));
            }
            recordEvents();
        }
        slicesByPlacement.forEach((key, slices) -> {
            if (!keys.contains(key)) {
                deleteOrphans(key, slices);
            }
        });
        bindingStatus.write(informers.clusterSetBindings(), fleet, time);
        metrics.placements(states.values().stream().collect(Collectors.groupingBy(s -> s, Collectors.summingInt(s -> 1))));
        return outcomes.values().stream().map(PlacementOutcome::nextReview).filter(Objects::nonNull).min(Instant::compareTo);
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    /** Queues the placement's writes, if there is anything to write: the ones that move clusters first. */
    private Desired submit(Placement placement, Desired desired, List<PlacementDecision> slices,
                           List<CompletableFuture<Void>> writing) {
        if (desired != null) {
            writing.add(writers.submit(urgency(placement, desired), () -> write(placement, desired, slices)));
        }
        return desired;
    }

    /** Measured against what users see now, the status in the cache. */
    private static WriterPool.Urgency urgency(Placement placement, Desired desired) {
        PlacementStatus shown = placement.status();
        boolean answered = shown != null && Objects.equals(shown.observedGeneration(), placement.metadata().getGeneration());
        return answered && DecisionEvents.clusters(shown).equals(DecisionEvents.clusters(desired.status()))
                ? WriterPool.Urgency.REFRESH : WriterPool.Urgency.DECISION;
    }

    /** The status to write, or null when not even that could be built: the placement keeps what it has. */
    private Desired desired(Placement placement, PlacementOutcome outcome, PlacementStatus previous, OffsetDateTime time,
                            TenancyScope scope) {
        if (outcome == null) {
            return null;
        }
        try {
            PlacementStatus status = statusBuilder.build(outcome, previous, placement.metadata().getGeneration(), time,
                    scope.access(placement));
            List<ClusterProfileRef> hidden = scope.hidden(placement.metadata().getNamespace(),
                    DecisionEvents.clusters(previous));
            return new Desired(placement.metadata().getUid(), placement.metadata().getGeneration(), outcome.groups(),
                    status, previous, outcome.isMisconfigured(), outcome.requested(), hidden);
        } catch (RuntimeException e) {
            log.warn("{}: no status could be built, keeping the current one: {}", placement.key(), e.toString());
            return null;
        }
    }

    /** Tries a placement's failed writes again, from the cache as it is now. */
    private void retry(String key) {
        Placement placement = informers.placements().stream()
                .filter(p -> p.key().equals(key) && p.metadata().getDeletionTimestamp() == null)
                .findFirst().orElse(null);
        Set<String> keys = placement == null ? Set.of() : Set.of(key);
        List<PlacementDecision> slices = slices(sliceWriter.byPlacement(informers.placementDecisions(), keys), key);
        if (placement == null) {
            retrying.remove(key);
            deleteOrphans(key, slices);
            return;
        }
        Desired desired = retrying.get(key);
        if (desired == null || !desired.isFor(placement)) {
            // Written since, or changed since: the pass its change started decides again.
            retrying.remove(key);
            queue.forget(key);
            return;
        }
        write(placement, desired, slices);
        recordEvents();
    }

    private void recordEvents() {
        for (Runnable event = pendingEvents.poll(); event != null; event = pendingEvents.poll()) {
            event.run();
        }
    }

    /** Slices first, so a consumer that follows the status finds the slices already there. */
    private boolean write(Placement placement, Desired desired, List<PlacementDecision> slices) {
        String key = placement.key();
        MDC.put("placement", key);
        boolean written;
        try {
            written = sliceWriter.write(placement, desired.groups(), slices) & writeStatus(placement, desired);
        } catch (RuntimeException e) {
            log.warn("{}: writing failed, retrying this placement with backoff: {}", key, e.toString());
            written = false;
        } finally {
            MDC.remove("placement");
        }
        if (written) {
            if (retrying.remove(key) != null) {
                queue.forget(key);
            }
            failures.cleared(key);
        } else {
            retrying.put(key, desired);
            queue.retry(key);
        }
        return written;
    }

    /** @return false when the write failed and is to be retried; a Placement that is gone needs no status */
    private boolean writeStatus(Placement placement, Desired desired) {
        PlacementStatus status = desired.status();
        if (status.equals(placement.status()) || ownWrites.isPending(placement, status)) {
            return true;
        }
        Optional<PlacementStatus> written = ownWrites.status(placement);
        if (placement.status() != null && written.isPresent() && written.get().equals(status)) {
            metrics.reverted(ControllerMetrics.STATUS);
            log.info("{}: status was changed by someone else; writing Meridian's back", placement.key());
        }
        Runnable undo = ownWrites.writing(placement, status);
        long start = System.nanoTime();
        try {
            apply.applyStatus(placement, status);
        } catch (ApiException e) {
            undo.run();
            ApiFailure failure = ApiFailure.of(e);
            if (failure.isNotFound()) {
                log.info("{}: deleted while it was being scheduled; no status to write", placement.key());
                return true;
            }
            failures.failed(placement, ControllerMetrics.STATUS, placement.key(), failure);
            return false;
        }
        metrics.written(ControllerMetrics.STATUS, System.nanoTime() - start);
        // Recorded once the pass's writes are done, so that Events do not hold up other statuses.
        pendingEvents.add(() -> events.record(placement, desired.previous(), status, desired.hidden()));
        if (!desired.misconfigured() && decisionChanged(desired.previous(), status)) {
            metrics.decisionChanged();
        }
        log.info("status written: {} of {} clusters selected", status.numberOfSelectedClusters(), desired.requested());
        return true;
    }

    private void deleteOrphans(String key, List<PlacementDecision> orphans) {
        if (sliceWriter.deleteOrphans(key, orphans)) {
            queue.forget(key);
            failures.cleared(key);
        } else {
            queue.retry(key);
        }
    }

    private static List<PlacementDecision> slices(Map<String, List<PlacementDecision>> slicesByPlacement, String key) {
        return slicesByPlacement.getOrDefault(key, List.of());
    }

    private static boolean decisionChanged(PlacementStatus before, PlacementStatus after) {
        return before == null || !DecisionEvents.clusters(before).equals(DecisionEvents.clusters(after));
    }

    private static String state(Desired desired) {
        if (desired.misconfigured()) {
            return "misconfigured";
        }
        return desired.status().conditions().stream()
                .filter(c -> Conditions.SATISFIED.equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst().map(c -> "satisfied").orElse("unsatisfied");
    }

    @PreDestroy
    void shutdown() {
        writers.shutdown();
    }
}
