package io.meridian.scheduler.controller;

import io.meridian.api.inventory.ClusterDecision;
import io.meridian.api.inventory.PlacementDecision;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Remembers the slice contents this replica wrote last, so that the watch event echoing its own
 * write does not start another pass; a slice someone else changed still does.
 */
@Component
public class OwnWrites {

    private final Map<String, List<ClusterDecision>> slices = new ConcurrentHashMap<>();

    void wrote(PlacementDecision slice) {
        slices.put(key(slice), slice.decisions());
    }

    void deleted(PlacementDecision slice) {
        slices.remove(key(slice));
    }

    boolean isEcho(PlacementDecision slice) {
        return Objects.equals(slices.get(key(slice)), slice.decisions());
    }

    private static String key(PlacementDecision slice) {
        return slice.metadata().getNamespace() + "/" + slice.metadata().getName();
    }
}
