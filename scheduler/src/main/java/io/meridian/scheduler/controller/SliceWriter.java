package io.meridian.scheduler.controller;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Placement;
import io.meridian.scheduler.decision.DecisionSlicer;
import io.meridian.scheduler.decision.SliceNames;
import io.meridian.scheduler.placement.DecisionGroup;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps a Placement's PlacementDecision slices equal to its decision: writes the slices that
 * differ, then deletes the ones no longer needed, and removes slices whose Placement is gone.
 *
 * <p>Which slices are Meridian's to keep: those owned by a Meridian Placement (owner reference),
 * those saying {@code schedulerName: meridian}, and those without a scheduler name that carry the
 * placement-key label of an existing Meridian Placement. Any of them that is not one of the
 * Placement's current slices, however it got there, is deleted. A slice naming another
 * scheduler and not owned by a Meridian Placement is left alone, with a warning when it carries
 * a Meridian Placement's key.
 */
@Component
public class SliceWriter {

    private static final Logger log = LoggerFactory.getLogger(SliceWriter.class);
    private static final int ALREADY_EXISTS = 409;

    private final ApplyClient apply;
    private final OwnWrites ownWrites;
    private final WriteFailures failures;
    private final DecisionSlicer slicer = new DecisionSlicer();
    private final ControllerMetrics metrics;
    private final Set<String> foreignReported = ConcurrentHashMap.newKeySet();

    public SliceWriter(ApplyClient apply, OwnWrites ownWrites, WriteFailures failures, ControllerMetrics metrics) {
        this.apply = apply;
        this.ownWrites = ownWrites;
        this.failures = failures;
        this.metrics = metrics;
    }

    /**
     * Meridian's slices, by the {@code namespace/name} of the Placement they belong to; keys that
     * are not in {@code placementKeys} are orphans.
     */
    Map<String, List<PlacementDecision>> byPlacement(Collection<PlacementDecision> slices, Set<String> placementKeys) {
        Map<String, List<PlacementDecision>> claimed = new HashMap<>();
        for (PlacementDecision slice : slices) {
            String key = placementKey(slice);
            if (key == null) {
                continue;
            }
            boolean ours = hasMeridianOwner(slice) || DecisionSlicer.SCHEDULER_NAME.equals(slice.schedulerName());
            boolean unnamed = slice.schedulerName() == null || slice.schedulerName().isBlank();
            if (ours || unnamed && placementKeys.contains(key)) {
                claimed.computeIfAbsent(key, k -> new ArrayList<>()).add(slice);
            } else if (placementKeys.contains(key) && foreignReported.add(sliceKey(slice))) {
                log.warn("PlacementDecision {} of scheduler {} carries the key of Meridian Placement {}; left alone, "
                        + "but consumers selecting by that key read it too", sliceKey(slice), slice.schedulerName(), key);
            }
        }
        return claimed;
    }

    /** @return whether every slice write succeeded; each failure is reported with its cause */
    boolean write(Placement placement, List<DecisionGroup> groups, List<PlacementDecision> existing) {
        List<PlacementDecision> desired = slicer.sliceGroups(placement, groups, existing);
        Map<String, PlacementDecision> current = existing.stream()
                .collect(Collectors.toMap(s -> s.metadata().getName(), s -> s, (a, b) -> a));
        boolean ok = true;
        for (PlacementDecision slice : desired) {
            PlacementDecision before = current.get(slice.metadata().getName());
            if (sameSlice(slice, before) || ownWrites.isPending(slice, before)) {
                continue;
            }
            if (before != null && ownWrites.isEcho(slice)) {
                metrics.reverted(ControllerMetrics.SLICE); // Meridian wrote it as desired; someone else changed it since
                log.info("PlacementDecision {} was changed by someone else; writing it back", sliceKey(slice));
            }
            ownWrites.writing(slice, before);
            ok &= call(placement, slice, () -> put(placement, slice, before), () -> ownWrites.notWritten(slice));
        }
        Set<String> wanted = desired.stream().map(s -> s.metadata().getName()).collect(Collectors.toSet());
        for (PlacementDecision stale : existing) {
            if (!wanted.contains(stale.metadata().getName()) && !ownWrites.isBeingDeleted(stale)) {
                ok &= delete(placement, stale);
            }
        }
        return ok;
    }

    /** Slices left by a deleted Placement; owner references remove them too, where a garbage collector runs. */
    boolean deleteOrphans(String placementKey, List<PlacementDecision> orphans) {
        boolean ok = true;
        for (PlacementDecision orphan : orphans) {
            if (ownWrites.isBeingDeleted(orphan)) {
                continue;
            }
            ownWrites.deleting(orphan);
            ok &= call(failure -> failures.failed(placementKey, ControllerMetrics.SLICE, sliceKey(orphan), failure), orphan,
                    () -> apply.delete(orphan), () -> ownWrites.notDeleted(orphan));
        }
        return ok;
    }

    /**
     * A slice the cache does not show is created; if it exists after all, it is applied. A slice
     * owned by another Placement of the same name (deleted, then created again) is deleted and
     * created anew: an apply does not remove what a create set, such as that owner reference.
     */
    private void put(Placement placement, PlacementDecision slice, PlacementDecision cached) throws ApiException {
        if (cached != null && hasMeridianOwner(cached) && !ownedBy(cached, placement)) {
            apply.delete(cached);
            cached = null;
        }
        if (cached == null) {
            try {
                apply.create(slice);
                return;
            } catch (ApiException e) {
                if (e.getCode() != ALREADY_EXISTS) {
                    throw e;
                }
            }
        }
        apply.apply(slice);
    }

    private boolean delete(Placement placement, PlacementDecision slice) {
        ownWrites.deleting(slice);
        return call(placement, slice, () -> apply.delete(slice), () -> ownWrites.notDeleted(slice));
    }

    private interface Call {
        void run() throws ApiException;
    }

    private boolean call(Placement placement, PlacementDecision slice, Call call, Runnable undo) {
        return call(failure -> failures.failed(placement, ControllerMetrics.SLICE, sliceKey(slice), failure), slice, call, undo);
    }

    /** A 404 means the namespace is gone, and the slice with it: nothing to write, nothing failed. */
    private boolean call(Consumer<ApiFailure> report, PlacementDecision slice, Call call, Runnable undo) {
        long start = System.nanoTime();
        try {
            call.run();
            metrics.written(ControllerMetrics.SLICE, System.nanoTime() - start);
            return true;
        } catch (ApiException e) {
            undo.run();
            ApiFailure failure = ApiFailure.of(e);
            if (failure.isNotFound()) {
                log.debug("PlacementDecision {} not written, its namespace is gone: {}", sliceKey(slice), failure);
                return true;
            }
            report.accept(failure);
            return false;
        }
    }

    /** Whether the existing slice carries everything Meridian would write to it. */
    static boolean sameSlice(PlacementDecision desired, PlacementDecision existing) {
        if (existing == null) {
            return false;
        }
        Map<String, String> labels = existing.metadata().getLabels() == null ? Map.of() : existing.metadata().getLabels();
        Map<String, String> annotations = existing.metadata().getAnnotations() == null ? Map.of()
                : existing.metadata().getAnnotations();
        Map<String, String> wanted = desired.metadata().getLabels() == null ? Map.of() : desired.metadata().getLabels();
        Map<String, String> wantedAnnotations = desired.metadata().getAnnotations() == null ? Map.of()
                : desired.metadata().getAnnotations();
        return Objects.equals(desired.decisions(), existing.decisions())
                && labels.entrySet().containsAll(wanted.entrySet())
                && annotations.entrySet().containsAll(wantedAnnotations.entrySet())
                && Objects.equals(desired.metadata().getOwnerReferences(), existing.metadata().getOwnerReferences())
                && Objects.equals(desired.schedulerName(), existing.schedulerName());
    }

    /** Whether the slice is owned by this very Placement. */
    static boolean ownedBy(PlacementDecision slice, Placement placement) {
        return owner(slice) != null && Objects.equals(owner(slice).getUid(), placement.metadata().getUid());
    }

    /**
     * The Placement owning the slice if it has a Meridian owner, else the one its full-name
     * annotation or placement-key label names (the label is shortened for names over 63 characters).
     */
    static String placementKey(PlacementDecision slice) {
        V1OwnerReference owner = owner(slice);
        if (owner != null && owner.getName() != null) {
            return slice.metadata().getNamespace() + "/" + owner.getName();
        }
        Map<String, String> annotations = slice.metadata().getAnnotations();
        Map<String, String> labels = slice.metadata().getLabels();
        String name = annotations == null ? null : annotations.get(SliceNames.PLACEMENT_NAME_ANNOTATION);
        if (name == null) {
            name = labels == null ? null : labels.get(PlacementDecision.PLACEMENT_KEY_LABEL);
        }
        return name == null || name.isBlank() ? null : slice.metadata().getNamespace() + "/" + name;
    }

    private static boolean hasMeridianOwner(PlacementDecision slice) {
        return owner(slice) != null;
    }

    private static V1OwnerReference owner(PlacementDecision slice) {
        List<V1OwnerReference> owners = slice.metadata().getOwnerReferences();
        return owners == null ? null : owners.stream()
                .filter(o -> Placement.KIND.equals(o.getKind()) && o.getApiVersion() != null
                        && o.getApiVersion().startsWith(Placement.GROUP + "/"))
                .findFirst().orElse(null);
    }

    private static String sliceKey(PlacementDecision slice) {
        return slice.metadata().getNamespace() + "/" + slice.metadata().getName();
    }
}
