package io.meridian.scheduler.scheduling;

/**
 * Whether a placement with resource requests fits on its selected clusters.
 *
 * @param fits    every selected cluster has room for the requests
 * @param message what a person reads in the ResourcesFit condition: the clusters and resources
 *                without room, or that all fit
 */
public record ResourceFit(boolean fits, String message) {
}
