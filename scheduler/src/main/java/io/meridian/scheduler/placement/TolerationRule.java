package io.meridian.scheduler.placement;

import io.meridian.scheduler.fleet.ClusterTaint;
import io.meridian.scheduler.fleet.TaintEffect;
import java.time.Duration;

/**
 * A validated toleration. It matches a taint, as in Open Cluster Management, when the key is
 * equal (or the toleration has none), the value is equal for Equal (any for Exists) and the
 * effect is equal (or the toleration has none).
 *
 * @param key      null matches every key
 * @param exists   operator Exists: any value
 * @param value    the value Equal needs, empty when none
 * @param effect   null matches every effect
 * @param duration how long after the taint was added an already selected cluster stays;
 *                 {@link PlacementRequest#TOLERATED_FOREVER} for a toleration without tolerationSeconds
 */
public record TolerationRule(String key, boolean exists, String value, TaintEffect effect, Duration duration) {

    public boolean matches(ClusterTaint taint) {
        return (key == null || key.equals(taint.key()))
                && (exists || value.equals(taint.value()))
                && (effect == null || effect == taint.effect());
    }

    public boolean isLimited() {
        return !duration.equals(PlacementRequest.TOLERATED_FOREVER);
    }
}
