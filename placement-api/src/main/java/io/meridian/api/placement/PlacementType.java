package io.meridian.api.placement;

import java.util.Optional;

public enum PlacementType {
    /** Every eligible cluster. */
    PickAll,
    /** The best {@code numberOfClusters} eligible clusters. */
    PickN,
    /** Exactly the clusters named in {@code clusterNames}. */
    PickFixed;

    /** An absent type means PickAll, as in OCM. */
    public static Optional<PlacementType> parse(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of(PickAll);
        }
        for (PlacementType type : values()) {
            if (type.name().equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
