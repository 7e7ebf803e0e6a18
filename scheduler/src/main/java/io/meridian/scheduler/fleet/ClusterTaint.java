package io.meridian.scheduler.fleet;

import java.time.Instant;

/**
 * A taint on one cluster: built in (unhealthy, not joined, deleting) or put by an admin in the
 * ClusterProfile's taints annotation.
 *
 * @param value       empty when the taint has none
 * @param since       when the taint was added, or null when unknown
 * @param description the taint in words, for the reasons in a status
 * @param tolerable   false for a taint no toleration covers (a profile being deleted)
 */
public record ClusterTaint(String key, String value, TaintEffect effect, Instant since, String description,
                           boolean tolerable) {
}
