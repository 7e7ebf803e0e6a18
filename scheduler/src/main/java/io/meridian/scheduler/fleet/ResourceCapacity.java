package io.meridian.scheduler.fleet;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster's capacity for one resource, as its ClusterProfile publishes it, or why there is none.
 * A cluster without a readable capacity has no room for the resource: nothing is assumed.
 *
 * @param resource the resource name, such as {@code cpu}
 * @param basis    what the amount means, or {@link Basis#NONE} / {@link Basis#UNREADABLE}
 * @param property the property read; for NONE the first one looked for
 * @param amount   the quantity read (in the resource's own unit: cores, bytes, devices); null
 *                 unless the basis is ALLOCATABLE or AVAILABLE
 * @param value    the unreadable value, for UNREADABLE
 */
public record ResourceCapacity(String resource, Basis basis, String property, BigDecimal amount, String value) {

    /** What the published amount already accounts for. */
    public enum Basis {
        /** Allocatable: Meridian subtracts every placement it decided on the cluster. */
        ALLOCATABLE,
        /**
         * Available, which already deducts the workloads running there: Meridian subtracts only its
         * placements new to the cluster, so that those already there are not counted twice.
         */
        AVAILABLE,
        /** No property is published. */
        NONE,
        /** A property is published, but its value is not a quantity of at least 0. */
        UNREADABLE
    }

    /**
     * Reads the capacity from a profile's properties: the first readable allocatable property, else
     * the first readable available one. When none can be read, the first unreadable one is named,
     * else the first allocatable property looked for.
     */
    public static ResourceCapacity read(String resource, ResourceProperties names, Map<String, String> properties) {
        ResourceCapacity unreadable = null;
        for (Basis basis : new Basis[] {Basis.ALLOCATABLE, Basis.AVAILABLE}) {
            for (String property : basis == Basis.ALLOCATABLE ? names.allocatable() : names.available()) {
                String value = properties.get(property);
                if (value == null) {
                    continue;
                }
                Optional<BigDecimal> amount = ResourceQuantities.parse(value);
                if (amount.isPresent()) {
                    return new ResourceCapacity(resource, basis, property, amount.get(), null);
                }
                if (unreadable == null) {
                    unreadable = new ResourceCapacity(resource, Basis.UNREADABLE, property, null, value);
                }
            }
        }
        if (unreadable != null) {
            return unreadable;
        }
        String expected = names.allocatable().isEmpty() ? names.available().stream().findFirst().orElse("")
                : names.allocatable().get(0);
        return new ResourceCapacity(resource, Basis.NONE, expected, null, null);
    }

    public boolean isKnown() {
        return basis == Basis.ALLOCATABLE || basis == Basis.AVAILABLE;
    }

    /** Why the cluster has no room for the resource, or null when its capacity is known. */
    public String problem() {
        return switch (basis) {
            case NONE -> "no " + resource + " capacity reported (property " + property + ")";
            case UNREADABLE -> resource + " capacity " + property + " '" + shortened(value)
                    + "' is not a quantity of at least 0";
            default -> null;
        };
    }

    private static String shortened(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
