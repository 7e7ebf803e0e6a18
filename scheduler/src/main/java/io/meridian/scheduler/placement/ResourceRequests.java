package io.meridian.scheduler.placement;

import io.meridian.scheduler.fleet.ResourceQuantities;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What each selected cluster must have room for, in the whole units of {@link ResourceQuantities}
 * (millicores of cpu, bytes of memory, devices), by resource name in name order. Requests of 0 are
 * kept: they still need the cluster to report a capacity.
 */
public record ResourceRequests(SortedMap<String, Long> units) {

    public static final ResourceRequests NONE = new ResourceRequests(new TreeMap<>());

    public ResourceRequests {
        units = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(units));
    }

    public boolean isEmpty() {
        return units.isEmpty();
    }

    /** {@code 4 cpu, 16Gi memory}: as a person would write them. */
    public String describe() {
        return units.entrySet().stream().map(e -> ResourceQuantities.format(e.getKey(), e.getValue()) + " " + e.getKey())
                .collect(Collectors.joining(", "));
    }

    public static ResourceRequests of(Map<String, Long> units) {
        return units.isEmpty() ? NONE : new ResourceRequests(new TreeMap<>(units));
    }
}
