package io.meridian.scheduler.controller;

import io.kubernetes.client.openapi.ApiException;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Placement;
import io.meridian.scheduler.decision.DecisionSlicer;
import io.meridian.scheduler.decision.SliceNames;
import io.meridian.scheduler.placement.DecisionGroup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps a Placement's PlacementDecision slices equal to its decision: writes the slices that
 * differ, then deletes the ones no longer needed, and removes slices whose Placement is gone.
 */
@Component
public class SliceWriter {

    private static final Logger log = LoggerFactory.getLogger(SliceWriter.class);

    private final ApplyClient apply;
    private final OwnWrites ownWrites;
    private final DecisionSlicer slicer = new DecisionSlicer();
    private final Counter writes;
    private final Counter writeErrors;

    public SliceWriter(ApplyClient apply, OwnWrites ownWrites, MeterRegistry registry) {
        this.apply = apply;
        this.ownWrites = ownWrites;
        this.writes = Counter.builder(FleetReconciler.WRITES_METRIC).tag("kind", "placementdecision").register(registry);
        this.writeErrors = Counter.builder(FleetReconciler.WRITE_ERRORS_METRIC).register(registry);
    }

    /** Slices of our scheduler, by the {@code namespace/name} of the Placement they belong to. */
    public static Map<String, List<PlacementDecision>> byPlacement(Collection<PlacementDecision> slices) {
        return slices.stream()
                .filter(slice -> DecisionSlicer.SCHEDULER_NAME.equals(slice.schedulerName()))
                .collect(Collectors.groupingBy(SliceWriter::placementKey));
    }

    /** @return how many writes failed */
    int write(Placement placement, List<DecisionGroup> groups, List<PlacementDecision> existing) {
        List<PlacementDecision> desired = slicer.sliceGroups(placement, groups, existing);
        Map<String, PlacementDecision> current = existing.stream()
                .collect(Collectors.toMap(s -> s.metadata().getName(), s -> s, (a, b) -> a));
        int failures = 0;
        for (PlacementDecision slice : desired) {
            if (!sameSlice(slice, current.get(slice.metadata().getName()))) {
                // Noted before the write: its watch event can arrive before the response.
                ownWrites.wrote(slice);
                int failed = call(() -> apply.apply(slice));
                if (failed > 0) {
                    ownWrites.deleted(slice);
                }
                failures += failed;
            }
        }
        Set<String> wanted = desired.stream().map(s -> s.metadata().getName()).collect(Collectors.toSet());
        for (PlacementDecision stale : existing) {
            if (!wanted.contains(stale.metadata().getName())) {
                failures += call(() -> {
                    apply.delete(stale);
                    ownWrites.deleted(stale);
                });
            }
        }
        return failures;
    }

    /** Slices left by deleted Placements; owner references remove them too, where a garbage collector runs. */
    int deleteOrphans(Set<String> placementKeys, Map<String, List<PlacementDecision>> slicesByPlacement) {
        int failures = 0;
        for (Map.Entry<String, List<PlacementDecision>> entry : slicesByPlacement.entrySet()) {
            if (!placementKeys.contains(entry.getKey())) {
                for (PlacementDecision orphan : entry.getValue()) {
                    failures += call(() -> {
                        apply.delete(orphan);
                        ownWrites.deleted(orphan);
                    });
                }
            }
        }
        return failures;
    }

    private interface Call {
        void run() throws ApiException;
    }

    private int call(Call call) {
        try {
            call.run();
            writes.increment();
            return 0;
        } catch (ApiException e) {
            writeErrors.increment();
            log.warn("PlacementDecision write failed: {} {}", e.getCode(), e.getResponseBody());
            return 1;
        }
    }

    private static boolean sameSlice(PlacementDecision desired, PlacementDecision existing) {
        if (existing == null) {
            return false;
        }
        Map<String, String> labels = existing.metadata().getLabels() == null ? Map.of() : existing.metadata().getLabels();
        Map<String, String> annotations = existing.metadata().getAnnotations() == null ? Map.of()
                : existing.metadata().getAnnotations();
        return Objects.equals(desired.decisions(), existing.decisions())
                && labels.entrySet().containsAll(desired.metadata().getLabels().entrySet())
                && annotations.entrySet().containsAll(desired.metadata().getAnnotations().entrySet())
                && Objects.equals(desired.metadata().getOwnerReferences(), existing.metadata().getOwnerReferences())
                && Objects.equals(desired.schedulerName(), existing.schedulerName());
    }

    /** The full name from the annotation: the label holds a shortened one for long names. */
    private static String placementKey(PlacementDecision slice) {
        Map<String, String> annotations = slice.metadata().getAnnotations();
        Map<String, String> labels = slice.metadata().getLabels();
        String name = annotations == null ? null : annotations.get(SliceNames.PLACEMENT_NAME_ANNOTATION);
        if (name == null) {
            name = labels == null ? null : labels.get(PlacementDecision.PLACEMENT_KEY_LABEL);
        }
        return slice.metadata().getNamespace() + "/" + (name == null ? "" : name);
    }
}
