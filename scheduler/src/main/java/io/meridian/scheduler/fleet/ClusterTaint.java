package io.meridian.scheduler.fleet;

import io.meridian.api.placement.Taint;
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

    /** Why a profile with a deletionTimestamp is not selected, by any placement. */
    public static final String DELETING_REASON = "ClusterProfile is being deleted";

    /** The built-in taint of a profile being deleted: it leaves every placement, no toleration covers it. */
    public static ClusterTaint deleting(Instant since) {
        return new ClusterTaint(Taint.DELETING, "", TaintEffect.NO_SELECT, since, DELETING_REASON, false);
    }

    /** The built-in deleting taint; an admin taint with the same key is an ordinary, tolerable one. */
    public boolean isDeleting() {
        return !tolerable && Taint.DELETING.equals(key);
    }
}
