package io.meridian.scheduler.placement;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.ConditionFact;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.KubernetesVersion;
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

    /** Longest label selector quoted in a reason; a selector may hold thousands of characters. */
    static final int MAX_SELECTOR = 256;
    /** A profile with a deletionTimestamp leaves every placement, even those that selected it. */
    public static final String DELETING = "ClusterProfile is being deleted";

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
     */
    public Eligibility filter(PlacementRequest request, Fleet fleet, Instant now, BitSet matches) {
        List<ClusterFact> eligible = new ArrayList<>();
        BitSet matching = new BitSet(fleet.size());
        BitSet tolerated = new BitSet();
        Map<ClusterProfileRef, String> rejected = new LinkedHashMap<>();
        int[] rejectedCount = {0};
        Instant[] nextExpiry = {null};

        List<ClusterFact> candidates = request.isFixed() ? fixedCandidates(request, fleet, rejected, rejectedCount)
                : fleet.clusters();
        boolean known = matches != null && !request.isFixed();
        for (ClusterFact cluster : candidates) {
            if (cluster.isDeleting()) {
                reject(rejected, rejectedCount, cluster.ref(), () -> DELETING);
                continue;
            }
            if (known && !matches.get(cluster.index())) {
                reject(rejected, rejectedCount, cluster.ref(), () -> mismatch(request, cluster));
                continue;
            }
            String reason = known ? null : mismatch(request, cluster);
            if (reason == null) {
                matching.set(cluster.index());
                reason = conditionMismatch(request, cluster, now, tolerated, nextExpiry);
            }
            if (reason == null) {
                eligible.add(cluster);
            } else {
                String rejection = reason;
                reject(rejected, rejectedCount, cluster.ref(), () -> rejection);
            }
        }
        return new Eligibility(List.copyOf(eligible), matching, tolerated, rejected, rejectedCount[0], nextExpiry[0]);
    }

    private List<ClusterFact> fixedCandidates(PlacementRequest request, Fleet fleet,
                                              Map<ClusterProfileRef, String> rejected, int[] rejectedCount) {
        List<ClusterFact> candidates = new ArrayList<>();
        for (ClusterProfileRef ref : request.fixedClusters()) {
            fleet.find(ref).ifPresentOrElse(candidates::add,
                    () -> reject(rejected, rejectedCount, ref, () -> "no ClusterProfile " + ref + " exists"));
        }
        return candidates;
    }

    /** Null when the cluster meets the placement's manager, clusterset and predicates. */
    static String mismatch(PlacementRequest request, ClusterFact cluster) {
        if (request.clusterManager() != null && !request.clusterManager().equals(cluster.clusterManager())) {
            return "managed by " + Wording.value(cluster.clusterManager()) + ", not " + Wording.value(request.clusterManager());
        }
        if (!request.clusterSets().isEmpty()
                && (cluster.clusterSet() == null || !request.clusterSets().contains(cluster.clusterSet()))) {
            return "clusterset " + Wording.value(cluster.clusterSet()) + " is not one of " + Wording.list(request.clusterSets());
        }
        if (request.labelSelector() != null && !request.labelSelector().test(cluster.labels())) {
            return "labels do not match " + Wording.truncate(request.labelSelector().toString(), MAX_SELECTOR);
        }
        for (PropertyRequirementMatcher requirement : request.propertyRequirements()) {
            String reason = requirement.mismatch(cluster);
            if (reason != null) {
                return reason;
            }
        }
        return versionMismatch(request, cluster);
    }

    private static String versionMismatch(PlacementRequest request, ClusterFact cluster) {
        if (request.minimumVersion() == null && request.maximumVersion() == null) {
            return null;
        }
        if (cluster.version().isEmpty()) {
            return "Kubernetes version is unknown";
        }
        KubernetesVersion version = cluster.version().get();
        if (request.minimumVersion() != null && version.compareAgainstBound(request.minimumVersion()) < 0) {
            return "Kubernetes " + version + " is older than " + request.minimumVersion();
        }
        if (request.maximumVersion() != null && version.compareAgainstBound(request.maximumVersion()) > 0) {
            return "Kubernetes " + version + " is newer than " + request.maximumVersion();
        }
        return null;
    }

    private static String conditionMismatch(PlacementRequest request, ClusterFact cluster, Instant now,
                                            BitSet tolerated, Instant[] nextExpiry) {
        String reason = null;
        if (!cluster.isHealthy()) {
            reason = tolerate(request, cluster, "ControlPlaneHealthy", cluster.health(),
                    request.unhealthyToleration(), now, tolerated, nextExpiry);
        }
        if (reason == null && !cluster.isJoined()) {
            reason = tolerate(request, cluster, "Joined", cluster.joined(),
                    request.notJoinedToleration(), now, tolerated, nextExpiry);
        }
        return reason;
    }

    /**
     * A toleration without a limit admits the cluster; one with a limit keeps an already selected
     * cluster until the condition has lasted that long. A condition with no start time has no
     * known age, so a limited toleration does not cover it.
     */
    private static String tolerate(PlacementRequest request, ClusterFact cluster, String type, ConditionFact condition,
                                   Duration toleration, Instant now, BitSet tolerated, Instant[] nextExpiry) {
        String state = type + " is " + describe(condition);
        if (toleration == null) {
            return state;
        }
        if (toleration.equals(PlacementRequest.TOLERATED_FOREVER)) {
            tolerated.set(cluster.index());
            return null;
        }
        if (!request.currentDecision().contains(cluster.ref())) {
            return state + " (tolerated only for clusters already selected)";
        }
        if (condition.since() == null) {
            return state + " since an unknown time";
        }
        Instant expiry = expiry(condition.since(), toleration);
        if (!now.isBefore(expiry)) {
            return state + " longer than the toleration of " + toleration.toSeconds() + "s";
        }
        tolerated.set(cluster.index());
        // A toleration that runs out beyond the last representable instant never runs out.
        if (!expiry.equals(Instant.MAX) && (nextExpiry[0] == null || expiry.isBefore(nextExpiry[0]))) {
            nextExpiry[0] = expiry;
        }
        return null;
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
    private void reject(Map<ClusterProfileRef, String> rejected, int[] rejectedCount, ClusterProfileRef ref,
                        Supplier<String> reason) {
        rejectedCount[0]++;
        if (rejected.size() < maxReasons) {
            rejected.put(ref, reason.get());
        }
    }

    private static String describe(ConditionFact condition) {
        return switch (condition.state()) {
            case TRUE -> "True";
            case FALSE -> "False";
            case UNKNOWN -> "Unknown";
            case MISSING -> "missing";
        };
    }
}
