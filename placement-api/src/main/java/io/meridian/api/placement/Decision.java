package io.meridian.api.placement;

import io.meridian.api.inventory.ClusterProfileRef;
import java.util.Map;

/**
 * One selected cluster.
 *
 * @param score       the cluster's ranking score for the placement (preferences minus its load balance and
 *                    preferred spread cost); higher is better, 0 for PickAll and PickFixed
 * @param reason      the rule that decided it and the parts of its score, in words
 * @param utilization for a placement with resource requests, each requested resource's use of the
 *                    cluster's capacity after placement, as {@code used/capacity (percent)}, for
 *                    example {@code 6/8 (75%)}; null without requests
 */
public record Decision(ClusterProfileRef clusterProfileRef, Long score, String reason,
                       Map<String, String> utilization) {

    public Decision(ClusterProfileRef clusterProfileRef, Long score, String reason) {
        this(clusterProfileRef, score, reason, null);
    }

    public Decision withUtilization(Map<String, String> value) {
        return new Decision(clusterProfileRef, score, reason, value);
    }

    public Decision withReason(String value) {
        return new Decision(clusterProfileRef, score, value, utilization);
    }
}
