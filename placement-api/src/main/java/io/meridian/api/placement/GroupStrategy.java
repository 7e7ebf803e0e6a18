package io.meridian.api.placement;

import io.kubernetes.client.custom.IntOrString;
import java.util.List;

/**
 * Named groups first, in order, each taking the selected clusters its selector matches that no
 * earlier group took; the rest form unnamed groups. No group holds more than
 * {@code clustersPerDecisionGroup} clusters: a larger one is split into several groups of the
 * same name. Every group has its own PlacementDecision slices.
 *
 * @param decisionGroups           at most {@link #MAX_GROUPS}, names unique
 * @param clustersPerDecisionGroup a count (1 to 10000) or a percentage of the selected clusters
 *                                 ({@code "1%"} to {@code "100%"}, rounded up); default 100%
 */
public record GroupStrategy(List<DecisionGroup> decisionGroups, IntOrString clustersPerDecisionGroup) {

    public static final int MAX_GROUPS = 32;
    public static final int MAX_CLUSTERS_PER_GROUP = PlacementSpec.MAX_NUMBER_OF_CLUSTERS;
}
