package io.meridian.scheduler.scheduling;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.placement.PlacementType;
import io.meridian.scheduler.placement.ClusterChanges;
import io.meridian.scheduler.placement.Eligibility;
import io.meridian.scheduler.placement.PlacementRequest;
import io.meridian.scheduler.placement.SpecVersion;
import io.meridian.scheduler.placement.SpreadDomains;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the last passes decided for each placement, and on what grounds, so that a pass schedules
 * only the placements a change can affect. A placement is scheduled again when:
 * <ul>
 *   <li>it is new, or its spec (uid or generation, which it must have) or the decision it was given changed;</li>
 *   <li>it is not settled: misconfigured, short of clusters, or not Steady (a decision just made
 *       is settled once it is given, without being scheduled again);</li>
 *   <li>a toleration it uses has run out;</li>
 *   <li>a cluster it selected, or names in {@code clusterNames}, changed, joined or left;</li>
 *   <li>a cluster its status names among those it did not select left the fleet;</li>
 *   <li>it is PickAll or holds fewer clusters than it asks for, and a changed cluster meets its
 *       predicates (before or after);</li>
 *   <li>it has a required topology spread, and a changed cluster makes a domain appear or empty
 *       among the clusters it could use ({@link SpreadDomains}).</li>
 * </ul>
 * Everything else keeps its outcome, reasons and scores as they were when it was last scheduled:
 * a settled placement's clusters cannot change unless one of those happens. A placement scheduled
 * only because clusters changed keeps its outcome too unless its clusters change.
 */
final class SchedulingMemory {

    /** The decision a placement was given: its clusters and the generation it was made for. */
    private record Given(Set<ClusterProfileRef> clusters, Long generation) {

        /**
         * The same as {@code equals(of(status))}, without building a set for every placement on
         * every pass: as many decisions as clusters, each one of them, none twice.
         */
        boolean isIn(PlacementStatus status) {
            if (status == null || status.decisions() == null) {
                return clusters.isEmpty() && generation == null;
            }
            List<Decision> decisions = status.decisions();
            if (!Objects.equals(generation, status.observedGeneration()) || decisions.size() != clusters.size()) {
                return false;
            }
            if (decisions.size() > SMALL) {
                return equals(of(status));
            }
            for (int i = 0; i < decisions.size(); i++) {
                ClusterProfileRef cluster = decisions.get(i).clusterProfileRef();
                if (!clusters.contains(cluster)) {
                    return false;
                }
                for (int j = 0; j < i; j++) {
                    if (Objects.equals(cluster, decisions.get(j).clusterProfileRef())) {
                        return false;
                    }
                }
            }
            return true;
        }

        private static final int SMALL = 8;

        static Given of(PlacementStatus status) {
            if (status == null || status.decisions() == null) {
                return new Given(Set.of(), null);
            }
            Set<ClusterProfileRef> clusters = new HashSet<>();
            status.decisions().forEach(decision -> clusters.add(decision.clusterProfileRef()));
            return new Given(clusters, status.observedGeneration());
        }
    }

    /**
     * @param request null for a misconfigured placement
     * @param settled the placement keeps its clusters until one of the reasons above schedules it again
     * @param decided the decision this outcome gives, as the next pass will see it given
     * @param settledOnceGiven the placement is settled as soon as it is given {@code decided}: a
     *                fresh decision does not need a second pass to be confirmed
     */
    record Entry(SpecVersion spec, Given given, PlacementRequest request, PlacementOutcome outcome,
                 Set<ClusterProfileRef> selected, boolean settled, Given decided, boolean settledOnceGiven,
                 SpreadDomains domains) {

        /** The same entry, given its own decision and settled. */
        Entry confirmed() {
            return new Entry(spec, decided, request, outcome, selected, true, decided, true, domains);
        }

        /** @param concerned a changed cluster meets the placement's predicates, before or after */
        boolean touches(ClusterChanges changes, boolean concerned, Instant now) {
            if (request == null) {
                return true;
            }
            // Kept current whatever else touches the placement: its outcome may be kept, and this entry with it.
            boolean domainsChanged = concerned && domains.change(request, changes, now);
            if (concerned && (request.type() == PlacementType.PickAll || domainsChanged
                    || request.type() == PlacementType.PickN && selected.size() < request.numberOfClusters())) {
                return true;
            }
            for (ClusterProfileRef cluster : changes.clusters()) {
                if (selected.contains(cluster) || request.isFixed() && request.fixedClusters().contains(cluster)) {
                    return true;
                }
            }
            return mentionsAny(changes.removed());
        }

        /** Its status names one of these clusters among those it did not select. */
        boolean mentionsAny(Set<ClusterProfileRef> clusters) {
            return !clusters.isEmpty() && outcome.unselected().stream()
                    .anyMatch(unselected -> clusters.contains(unselected.clusterProfileRef()));
        }

    }

    private final Map<String, Entry> entries = new HashMap<>();

    /**
     * The placements to schedule in this pass.
     *
     * @param all       every placement a change can affect, in the order given
     * @param fleetOnly those affected only because clusters changed: when they keep their clusters,
     *                  they keep their outcome too, so a cluster change rewrites only the statuses of
     *                  placements it moves
     */
    record Affected(Set<String> all, Set<String> fleetOnly) {
    }

    /**
     * @param keys       the placements' keys, sorted
     * @param placements in the same order; each with the decision it was given as its status
     */
    Affected affected(List<String> keys, List<Placement> placements, ClusterChanges changes, Instant now) {
        Set<String> affected = new LinkedHashSet<>();
        Set<String> fleetOnly = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            Placement placement = placements.get(i);
            Entry entry = entries.get(key);
            SpecVersion spec = SpecVersion.of(placement);
            if (entry != null && entry.settledOnceGiven() && !entry.given().equals(entry.decided())
                    && entry.decided().isIn(placement.status())) {
                entry = entry.confirmed();
                entries.put(key, entry);
            }
            if (entry == null || !entry.settled() || spec == null || !spec.equals(entry.spec())
                    || !entry.given().isIn(placement.status())
                    || entry.outcome().nextReview() != null && !now.isBefore(entry.outcome().nextReview())) {
                affected.add(key);
            } else if (!changes.isEmpty() && entry.touches(changes, changes.concerned().contains(key), now)) {
                affected.add(key);
                fleetOnly.add(key);
            }
        }
        return new Affected(affected, fleetOnly);
    }

    Entry get(String key) {
        return entries.get(key);
    }

    /** @param eligibility the clusters the placement could use in this pass; null when it is misconfigured */
    void remember(Placement placement, PlacementRequest request, Eligibility eligibility, PlacementOutcome outcome,
                  boolean settled, boolean settledOnceGiven) {
        Set<ClusterProfileRef> selected = new HashSet<>();
        outcome.decisions().stream().map(Decision::clusterProfileRef).forEach(selected::add);
        boolean valid = !outcome.isMisconfigured();
        SpreadDomains domains = request == null || eligibility == null ? SpreadDomains.NONE
                : SpreadDomains.of(request, eligibility);
        entries.put(placement.key(), new Entry(SpecVersion.of(placement), Given.of(placement.status()), request, outcome,
                selected, settled && valid, new Given(selected, placement.metadata().getGeneration()),
                settledOnceGiven && valid, domains));
    }

    /** Forgets placements that are gone. */
    void retain(Collection<String> keys) {
        entries.keySet().retainAll(keys instanceof Set<?> ? keys : new HashSet<>(keys));
    }
}
