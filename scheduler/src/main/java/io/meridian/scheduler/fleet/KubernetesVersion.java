package io.meridian.scheduler.fleet;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes version reduced to its numeric components. Vendor suffixes such as
 * {@code v1.30.2-eks-1234} or {@code v1.29.3+k3s1} are ignored. A bound may omit components,
 * which then match anything ({@code 1.31} covers every 1.31 patch release).
 */
public record KubernetesVersion(int major, Integer minor, Integer patch) implements Comparable<KubernetesVersion> {

    private static final Pattern VERSION = Pattern.compile("^v?(\\d{1,6})(?:\\.(\\d{1,6}))?(?:\\.(\\d{1,6}))?(?:[-+].*)?$");

    public static Optional<KubernetesVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = VERSION.matcher(text.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new KubernetesVersion(Integer.parseInt(matcher.group(1)),
                component(matcher.group(2)), component(matcher.group(3))));
    }

    private static Integer component(String digits) {
        return digits == null ? null : Integer.valueOf(digits);
    }

    /**
     * Compares a cluster's version with this bound, looking only at the components the bound names.
     * Negative when the cluster is older than the bound.
     */
    public int compareAgainstBound(KubernetesVersion bound) {
        int result = Integer.compare(major, bound.major);
        if (result != 0 || bound.minor == null) {
            return result;
        }
        result = Integer.compare(minor == null ? 0 : minor, bound.minor);
        if (result != 0 || bound.patch == null) {
            return result;
        }
        return Integer.compare(patch == null ? 0 : patch, bound.patch);
    }

    /** Orders versions, a missing component counting as 0: 1.30 equals 1.30.0 and precedes 1.30.1. */
    @Override
    public int compareTo(KubernetesVersion other) {
        int result = Integer.compare(major, other.major);
        if (result == 0) {
            result = Integer.compare(minor == null ? 0 : minor, other.minor == null ? 0 : other.minor);
        }
        return result != 0 ? result : Integer.compare(patch == null ? 0 : patch, other.patch == null ? 0 : other.patch);
    }

    @Override
    public String toString() {
        return major + (minor == null ? "" : "." + minor) + (patch == null ? "" : "." + patch);
    }
}
