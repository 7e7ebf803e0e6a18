package io.meridian.scheduler.scheduling;

import io.meridian.api.placement.Decision;
import io.meridian.api.placement.PlacementType;
import io.meridian.api.placement.UnselectedCluster;
import io.meridian.scheduler.placement.DecisionGroup;
import java.time.Instant;
import java.util.List;

/**
 * The scheduler's answer for one placement.
 *
 * @param type             null when the placement is misconfigured
 * @param requested        clusters asked for; for PickAll the number of eligible clusters
 * @param decisions        selected clusters sorted by namespace/name; for a misconfigured
 *                         placement, its previous decisions, kept unchanged
 * @param misconfiguration what is wrong with the spec, or null
 * @param nextReview       when a toleration in use runs out and the placement must be scheduled again
 * @param groups           the decisions divided into decision groups; for a misconfigured placement
 *                         its previous groups, as far as its status lists them
 * @param resourceFit      for a placement with resource requests, whether they fit; null without
 */
public record PlacementOutcome(String key, PlacementType type, int requested, List<Decision> decisions,
                               List<UnselectedCluster> unselected, int unselectedCount, String misconfiguration,
                               Instant nextReview, List<DecisionGroup> groups, ResourceFit resourceFit) {

    public PlacementOutcome(String key, PlacementType type, int requested, List<Decision> decisions,
                            List<UnselectedCluster> unselected, int unselectedCount, String misconfiguration,
                            Instant nextReview, List<DecisionGroup> groups) {
        this(key, type, requested, decisions, unselected, unselectedCount, misconfiguration, nextReview, groups, null);
    }

    /** An outcome whose decisions form one group; see {@link #withGroups}. */
    public PlacementOutcome(String key, PlacementType type, int requested, List<Decision> decisions,
                            List<UnselectedCluster> unselected, int unselectedCount, String misconfiguration,
                            Instant nextReview) {
        this(key, type, requested, decisions, unselected, unselectedCount, misconfiguration, nextReview,
                DecisionGroup.single(decisions));
    }

    public PlacementOutcome withGroups(List<DecisionGroup> newGroups) {
        return new PlacementOutcome(key, type, requested, decisions, unselected, unselectedCount, misconfiguration,
                nextReview, newGroups, resourceFit);
    }

    /** The decisions with their utilisation, and whether the requests fit; groups follow the decisions later. */
    public PlacementOutcome withResources(List<Decision> newDecisions, ResourceFit fit) {
        return new PlacementOutcome(key, type, requested, newDecisions, unselected, unselectedCount, misconfiguration,
                nextReview, DecisionGroup.single(newDecisions), fit);
    }

    public boolean isMisconfigured() {
        return misconfiguration != null;
    }
}
