package io.meridian.scheduler.placement;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Keeps text written into a status short whatever the input: values from a spec or a ClusterProfile
 * are quoted up to a length, lists show their first few entries, and whatever is cut is counted,
 * so a reader knows something was left out and how much.
 */
public final class Wording {

    /** Longest value quoted in a reason; property values may be 1,024 characters. */
    public static final int MAX_VALUE = 64;
    /** Entries of a list named in a reason; the rest are counted. */
    public static final int MAX_LISTED = 5;

    private Wording() {
    }

    /**
     * The text itself when it has at most {@code max} characters, otherwise its start and
     * {@code … (N more characters)}, together at most {@code max} characters.
     */
    public static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int keep = max;
        String marker;
        do { // the marker's length depends on the count it names
            keep--;
            marker = "… (" + (text.length() - keep) + " more characters)";
        } while (keep + marker.length() > max && keep > 0);
        if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--;
            marker = "… (" + (text.length() - keep) + " more characters)";
        }
        return text.substring(0, keep) + marker;
    }

    /** A value from a spec or a profile, shortened to {@link #MAX_VALUE} characters. */
    public static String value(String value) {
        return value == null ? "<none>" : truncate(value, MAX_VALUE);
    }

    /** {@code [a, b, c]}, or {@code [a, b, c, d, e and 7 more]}; each entry shortened like {@link #value}. */
    public static String list(Collection<String> values) {
        String listed = values.stream().limit(MAX_LISTED).map(Wording::value).collect(Collectors.joining(", "));
        int more = values.size() - Math.min(values.size(), MAX_LISTED);
        return "[" + listed + (more > 0 ? " and " + more + " more" : "") + "]";
    }
}
