package io.meridian.api.placement;

/**
 * How the selected clusters are divided into decision groups for a progressive rollout, as in
 * Open Cluster Management's {@code decisionStrategy}.
 */
public record DecisionStrategy(GroupStrategy groupStrategy) {
}
