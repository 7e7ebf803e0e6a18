package io.meridian.scheduler.placement;

import io.meridian.api.placement.PreferredTerm;
import io.meridian.scheduler.fleet.ClusterFact;
import java.math.BigDecimal;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a placement's preferred terms and PreferNoSelect taints add to each eligible cluster's
 * preference score. The solver's preference level adds these to its own preferences (locations,
 * clustersets, property sorters). Worked out once per pass over the eligible clusters, since a
 * term's property sorter scales by the smallest and largest value among them.
 */
public final class PreferenceScores {

    /** What an untolerated PreferNoSelect taint costs: as much as a property sorter of the greatest weight at its best. */
    public static final long PREFER_NO_SELECT_PENALTY = 1_000;
    /** The most preferred terms can add to or take from one cluster: every term at its greatest weight. */
    public static final long MAX_PREFERRED_TERMS = (long) PreferredTerm.MAX_TERMS * PreferredTerm.MAX_WEIGHT;

    public static final PreferenceScores NONE = new PreferenceScores(Map.of(), new BitSet());

    private final Map<Integer, Long> preferredTerms;
    private final BitSet avoided;

    private PreferenceScores(Map<Integer, Long> preferredTerms, BitSet avoided) {
        this.preferredTerms = preferredTerms;
        this.avoided = avoided;
    }

    /**
     * @param avoided indexes of eligible clusters with a PreferNoSelect taint the placement does not tolerate
     * @throws SpecMisconfiguredException when a term's CEL expression exceeds its cost
     */
    static PreferenceScores of(List<PreferredTermRule> terms, List<ClusterFact> eligible, BitSet avoided) {
        if (terms.isEmpty() && avoided.isEmpty()) {
            return NONE;
        }
        Map<Integer, Long> scores = new HashMap<>();
        for (PreferredTermRule term : terms) {
            List<ClusterFact> matching = eligible.stream().filter(term.preference()::matches).toList();
            if (term.sorterProperty() == null) {
                matching.forEach(cluster -> scores.merge(cluster.index(), (long) term.weight(), Long::sum));
            } else {
                sorted(term, matching, scores);
            }
        }
        scores.values().removeIf(score -> score == 0);
        return new PreferenceScores(scores, (BitSet) avoided.clone());
    }

    /** The weight scaled between the smallest value (nothing) and the largest (all of it), or reversed. */
    private static void sorted(PreferredTermRule term, List<ClusterFact> matching, Map<Integer, Long> scores) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (ClusterFact cluster : matching) {
            Optional<BigDecimal> value = cluster.numericProperty(term.sorterProperty());
            if (value.isPresent()) {
                min = Math.min(min, value.get().doubleValue());
                max = Math.max(max, value.get().doubleValue());
            }
        }
        for (ClusterFact cluster : matching) {
            Optional<BigDecimal> value = cluster.numericProperty(term.sorterProperty());
            if (value.isEmpty()) {
                continue;
            }
            double position = (value.get().doubleValue() - min) / (max - min);
            // When every value is the same, every cluster holds the best one.
            double share = max <= min ? 1 : term.descending() ? position : 1 - position;
            scores.merge(cluster.index(), Math.round(share * term.weight()), Long::sum);
        }
    }

    /** What the preferred terms give the cluster, negative when negative weights dominate. */
    public long preferredTerms(ClusterFact cluster) {
        return preferredTerms.getOrDefault(cluster.index(), 0L);
    }

    /** Minus {@link #PREFER_NO_SELECT_PENALTY} when the cluster has an untolerated PreferNoSelect taint, else 0. */
    public long preferNoSelect(ClusterFact cluster) {
        return avoided.get(cluster.index()) ? -PREFER_NO_SELECT_PENALTY : 0;
    }
}
