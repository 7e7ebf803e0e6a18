package io.meridian.scheduler.workload;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to generate: how many clusters and placements, which mix, and the seed. Read from a
 * comma-separated list such as {@code clusters=1000,placements=1000,tight=true,seed=7}; keys left
 * out keep their defaults (1,000 clusters, 1,000 placements, the everyday mix, seed 42).
 *
 * @param tight the capacity-tight workload, built around a hidden packing that satisfies every
 *              placement, instead of the everyday mix
 */
public record WorkloadSpec(int clusters, int placements, boolean tight, long seed) {

    public static final int DEFAULT_SIZE = 1_000;
    public static final long DEFAULT_SEED = 42;
    /** Large enough for any benchmark, small enough that a typo cannot exhaust memory. */
    public static final int MAX_SIZE = 100_000;

    public WorkloadSpec {
        requireSize("clusters", clusters);
        requireSize("placements", placements);
    }

    public static WorkloadSpec of(int clusters, int placements, boolean tight, long seed) {
        return new WorkloadSpec(clusters, placements, tight, seed);
    }

    /**
     * @throws IllegalArgumentException naming the key or value at fault
     */
    public static WorkloadSpec parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : text.split(",", -1)) {
            String trimmed = pair.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("'" + trimmed + "' is not KEY=VALUE (keys: clusters, placements, tight, seed)");
            }
            String key = trimmed.substring(0, equals).trim();
            if (values.put(key, trimmed.substring(equals + 1).trim()) != null) {
                throw new IllegalArgumentException("'" + key + "' is given twice");
            }
        }
        int clusters = DEFAULT_SIZE;
        int placements = DEFAULT_SIZE;
        boolean tight = false;
        long seed = DEFAULT_SEED;
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String value = entry.getValue();
            switch (entry.getKey()) {
                case "clusters" -> clusters = integer("clusters", value);
                case "placements" -> placements = integer("placements", value);
                case "tight" -> tight = bool(value);
                case "seed" -> seed = number("seed", value);
                default -> throw new IllegalArgumentException("unknown key '" + entry.getKey()
                        + "' (keys: clusters, placements, tight, seed)");
            }
        }
        return new WorkloadSpec(clusters, placements, tight, seed);
    }

    /** The same text {@link #parse} reads. */
    public String describe() {
        return "clusters=%d,placements=%d,tight=%s,seed=%d".formatted(clusters, placements, tight, seed);
    }

    private static int integer(String key, String value) {
        long number = number(key, value);
        requireSize(key, number);
        return (int) number;
    }

    private static long number(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' must be a whole number, not '" + value + "'");
        }
    }

    private static boolean bool(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("'tight' must be true or false, not '" + value + "'");
        };
    }

    private static void requireSize(String key, long value) {
        if (value < 1 || value > MAX_SIZE) {
            throw new IllegalArgumentException("'" + key + "' must be 1 to " + MAX_SIZE + ", not " + value);
        }
    }
}
