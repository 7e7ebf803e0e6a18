package io.meridian.scheduler.placement;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.placement.PlacementType;
import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.ClusterTaint;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.TaintEffect;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Decides which clusters a placement may use: the required part of scheduling. What is left is
 * ranked by the solver. Every rejection carries a reason a person can read.
 */
public final class ClusterFilter {

    private final int maxReasons;

    public ClusterFilter() {
        this(PlacementStatus.MAX_UNSELECTED);
    }

    public ClusterFilter(int maxReasons) {
        this.maxReasons = maxReasons;
    }

    public Eligibility filter(PlacementRequest request, Fleet fleet, Instant now) {
        return filter(request, fleet, now, null);
    }

    /**
     * @param matches the clusters known to meet the request's predicates (see {@link PredicateMemo});
     *                null to match every cluster here
     * @throws SpecMisconfiguredException when a CEL expression of the spec exceeds its cost
     */
    public Eligibility filter(PlacementRequest request, Fleet fleet, Instant now, BitSet matches) {
        Pass pass = new Pass(request, now, fleet.size());
        List<ClusterFact> candidates = request.isFixed() ? fixedCandidates(request, fleet, pass) : fleet.clusters();
        boolean known = matches != null && !request.isFixed();
        for (ClusterFact cluster : candidates) {
            if (known && !matches.get(cluster.index()) && !keeps(request, cluster)) {
                // Worded only when reported: most rejections are just counted.
                reject(pass, cluster.ref(), () -> requirementMismatch(request, cluster));
                continue;
            }
            String reason = known ? null : mismatch(request, cluster);
            if (reason == null) {
                pass.matching.set(cluster.index());
                reason = pass.taintMismatch(cluster);
            }
            if (reason == null) {
                pass.eligible.add(cluster);
            } else {
                String rejection = reason;
                reject(pass, cluster.ref(), () -> rejection);
            }
        }
        PreferenceScores preferences = request.type() == PlacementType.PickN
                ? PreferenceScores.of(request.preferredTerms(), pass.eligible, pass.avoided) : PreferenceScores.NONE;
        return new Eligibility(List.copyOf(pass.eligible), pass.matching, pass.tolerated, pass.rejected,
                pass.rejectedCount, pass.nextExpiry, preferences);
    }

    /**
     * Whether the placement may use this one cluster now, as {@link #filter} would find: its
     * requirements and predicates, health, membership and taints against its tolerations.
     */
    public static boolean isEligible(PlacementRequest request, ClusterFact cluster, Instant now) {
        if (request.isFixed() && !request.fixedClusters().contains(cluster.ref())) {
            return false;
        }
        return mismatch(request, cluster) == null && new Pass(request, now, 0).taintMismatch(cluster) == null;
    }

    private List<ClusterFact> fixedCandidates(PlacementRequest request, Fleet fleet, Pass pass) {
        List<ClusterFact> candidates = new ArrayList<>();
        for (ClusterProfileRef ref : request.fixedClusters()) {
            fleet.find(ref).ifPresentOrElse(candidates::add,
                    () -> reject(pass, ref, () -> "no ClusterProfile " + ref + " exists"));
        }
        return candidates;
    }

    /**
     * Null when the cluster meets the placement's manager, clusterset and predicates, or is one a
     * PickAll placement keeps although it stopped meeting them (predicatesDuringExecution Ignored).
     */
    static String mismatch(PlacementRequest request, ClusterFact cluster) {
        String reason = requirementMismatch(request, cluster);
        return reason != null && keeps(request, cluster) ? null : reason;
    }

    /** Whether {@link #requirementMismatch} would find nothing, without wording a reason. */
    static boolean meetsRequirements(PlacementRequest request, ClusterFact cluster) {
        return hasManager(request, cluster) && inClusterSets(request, cluster) && request.predicates().matches(cluster);
    }

    private static boolean hasManager(PlacementRequest request, ClusterFact cluster) {
        return request.clusterManager() == null || request.clusterManager().equals(cluster.clusterManager());
    }

    private static boolean inClusterSets(PlacementRequest request, ClusterFact cluster) {
        return request.clusterSets().isEmpty()
                || cluster.clusterSet() != null && request.clusterSets().contains(cluster.clusterSet());
    }

    /** Null when the cluster meets the placement's manager, clusterset and predicates. */
    static String requirementMismatch(PlacementRequest request, ClusterFact cluster) {
        if (!hasManager(request, cluster)) {
            return "managed by " + Wording.value(cluster.clusterManager()) + ", not " + Wording.value(request.clusterManager());
        }
        if (!inClusterSets(request, cluster)) {
            return "clusterset " + Wording.value(cluster.clusterSet()) + " is not one of " + Wording.list(request.clusterSets());
        }
        return request.predicates().mismatch(cluster);
    }

    /**
     * A PickAll placement with predicatesDuringExecution Ignored keeps a cluster it selected for
     * its current spec even when the cluster's labels or properties stop meeting the predicates;
     * its manager and clusterset are still required.
     */
    private static boolean keeps(PlacementRequest request, ClusterFact cluster) {
        return request.keepsSelectedClusters() && request.decidedForGeneration()
                && request.currentDecision().contains(cluster.ref())
                && hasManager(request, cluster) && inClusterSets(request, cluster);
    }

    /**
     * When a toleration starting at {@code since} runs out, saturating at {@link Instant#MAX}: any
     * tolerationSeconds, however large, means "for a very long time" and never fails a pass.
     */
    static Instant expiry(Instant since, Duration toleration) {
        Duration left = Duration.between(since, Instant.MAX);
        return toleration.compareTo(left) >= 0 ? Instant.MAX : since.plus(toleration);
    }

    /** Counts every rejection; words the reason only for the few that are reported. */
    private void reject(Pass pass, ClusterProfileRef ref, Supplier<String> reason) {
        pass.rejectedCount++;
        if (pass.rejected.size() < maxReasons) {
            pass.rejected.put(ref, reason.get());
        }
    }

    /** What one filtering of one placement collects. */
    private static final class Pass {
        private final PlacementRequest request;
        private final Instant now;
        private final List<ClusterFact> eligible = new ArrayList<>();
        private final BitSet matching;
        private final BitSet tolerated = new BitSet();
        private final BitSet avoided = new BitSet();
        private final Map<ClusterProfileRef, String> rejected = new LinkedHashMap<>();
        private int rejectedCount;
        private Instant nextExpiry;

        Pass(PlacementRequest request, Instant now, int fleetSize) {
            this.request = request;
            this.now = now;
            this.matching = new BitSet(fleetSize);
        }

        /**
         * Null when the cluster's taints let the placement use it, otherwise why not. NoSelect
         * taints need a toleration, NoSelectIfNew ones one too unless the cluster is already
         * selected, PreferNoSelect ones only lower its preference; an unknown effect counts as
         * NoSelect.
         */
        String taintMismatch(ClusterFact cluster) {
            boolean current = request.currentDecision().contains(cluster.ref());
            boolean admitted = false;
            for (ClusterTaint taint : cluster.taints()) {
                if (!taint.tolerable()) {
                    return taint.description();
                }
                if (taint.effect() == TaintEffect.NO_SELECT_IF_NEW && current) {
                    admitted = true;
                    continue;
                }
                String uncovered = uncovered(taint, current);
                if (taint.effect() == TaintEffect.PREFER_NO_SELECT) {
                    if (uncovered != null) {
                        avoided.set(cluster.index());
                    }
                } else if (uncovered != null) {
                    return taint.effect() == TaintEffect.NO_SELECT_IF_NEW && uncovered.equals(taint.description())
                            ? uncovered + " (kept only where already selected)" : uncovered;
                } else {
                    admitted = true;
                }
            }
            if (admitted) {
                tolerated.set(cluster.index());
            }
            return null;
        }

        /**
         * Null when a toleration covers the taint. One without a limit covers it; one with a limit
         * keeps an already selected cluster until the taint has lasted that long. A taint with no
         * start time has no known age, so a limited toleration does not cover it.
         */
        private String uncovered(ClusterTaint taint, boolean current) {
            Duration longest = null;
            for (TolerationRule toleration : request.tolerations()) {
                if (toleration.matches(taint)) {
                    if (!toleration.isLimited()) {
                        return null;
                    }
                    longest = longest == null || toleration.duration().compareTo(longest) > 0
                            ? toleration.duration() : longest;
                }
            }
            if (longest == null) {
                return taint.description();
            }
            if (!current) {
                return taint.description() + " (tolerated only for clusters already selected)";
            }
            if (taint.since() == null) {
                return taint.description() + " since an unknown time";
            }
            Instant expiry = expiry(taint.since(), longest);
            if (!now.isBefore(expiry)) {
                return taint.description() + " longer than the toleration of " + longest.toSeconds() + "s";
            }
            // A toleration that runs out beyond the last representable instant never runs out.
            if (!expiry.equals(Instant.MAX) && (nextExpiry == null || expiry.isBefore(nextExpiry))) {
                nextExpiry = expiry;
            }
            return null;
        }
    }
}
