package io.meridian.scheduler.fleet;

import io.kubernetes.client.custom.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * Kubernetes quantities as whole numbers for the solver: cpu in millicores, every other resource in
 * its own unit (bytes of memory, devices), as Kubernetes itself accounts them. Requests are rounded
 * up and capacities down, so rounding never makes room that is not there. Amounts are capped at
 * {@link #MAX_UNITS}, so that the requests of every placement of a fleet add up within a long.
 */
public final class ResourceQuantities {

    /** 10^14: 100 TB of memory, 10^11 cores; ten thousand of them still fit in a long. */
    public static final long MAX_UNITS = 100_000_000_000_000L;
    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";

    private ResourceQuantities() {
    }

    /** A quantity of at least 0, parsed by client-java; empty when the value is not one. */
    public static Optional<BigDecimal> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            BigDecimal number = new Quantity(value.trim()).getNumber();
            return number.signum() < 0 ? Optional.empty() : Optional.of(number);
        } catch (RuntimeException notAQuantity) {
            return Optional.empty();
        }
    }

    public static long requestUnits(String resource, BigDecimal amount) {
        return units(resource, amount, RoundingMode.CEILING);
    }

    public static long capacityUnits(String resource, BigDecimal amount) {
        return units(resource, amount, RoundingMode.FLOOR);
    }

    private static long units(String resource, BigDecimal amount, RoundingMode rounding) {
        BigDecimal scaled = CPU.equals(resource) ? amount.movePointRight(3) : amount;
        BigDecimal whole = scaled.setScale(0, rounding);
        return whole.compareTo(BigDecimal.valueOf(MAX_UNITS)) > 0 ? MAX_UNITS : whole.longValueExact();
    }

    /** Units as a person writes the quantity: {@code 2.5} cpu, {@code 16Gi} of memory, {@code 2} devices. */
    public static String format(String resource, long units) {
        if (CPU.equals(resource)) {
            return BigDecimal.valueOf(units).movePointLeft(3).stripTrailingZeros().toPlainString();
        }
        if (MEMORY.equals(resource) && units > 0) {
            String[] suffixes = {"Ki", "Mi", "Gi", "Ti", "Pi"};
            long value = units;
            int suffix = -1;
            while (value % 1024 == 0 && suffix < suffixes.length - 1) {
                value /= 1024;
                suffix++;
            }
            return suffix < 0 ? Long.toString(units) : value + suffixes[suffix];
        }
        return Long.toString(units);
    }
}
