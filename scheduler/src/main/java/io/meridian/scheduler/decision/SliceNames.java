package io.meridian.scheduler.decision;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names and label values of a Placement's PlacementDecision slices, valid for every Placement name
 * the API server accepts (a DNS subdomain of up to 253 characters). A label value holds at most 63
 * characters and a slice name {@code <base>-decision-<index>} at most 253, so a name too long for
 * either is shortened to its start, then {@code -} and the first {@value #HASH_LENGTH} hex digits of
 * the SHA-256 of the whole name. Shorter names are used as they are. Consumers compute the same
 * value, or read the full name from the {@link #PLACEMENT_NAME_ANNOTATION} annotation.
 */
public final class SliceNames {

    /** Carries the Placement's full name on each of its slices. */
    public static final String PLACEMENT_NAME_ANNOTATION = "scheduling.meridian.io/placement-name";
    /** The decision group a slice belongs to, from 0 in rollout order. */
    public static final String GROUP_INDEX_LABEL = "scheduling.meridian.io/decision-group-index";
    /** The name of the decision group a slice belongs to; empty for clusters in no named group. */
    public static final String GROUP_NAME_LABEL = "scheduling.meridian.io/decision-group-name";

    static final int HASH_LENGTH = 10;
    static final int MAX_LABEL_VALUE = 63;
    private static final int MAX_NAME = 253;
    private static final String SLICE_SUFFIX = "-decision-";
    /** Room for any int index, so every slice of a placement shares one base. */
    static final int MAX_SLICE_BASE = MAX_NAME - SLICE_SUFFIX.length() - Integer.toString(Integer.MAX_VALUE).length();

    private SliceNames() {
    }

    /** The value of the placement-key and decision-key labels: the name, shortened beyond 63 characters. */
    public static String labelValue(String placementName) {
        return shorten(placementName, MAX_LABEL_VALUE);
    }

    /** {@code <name>-decision-<index>}, with the name shortened beyond {@link #MAX_SLICE_BASE} characters. */
    public static String sliceName(String placementName, int index) {
        return shorten(placementName, MAX_SLICE_BASE) + SLICE_SUFFIX + index;
    }

    /**
     * The name itself when it fits, otherwise its start (without a trailing {@code -} or {@code .},
     * which may not precede the hash) and the hash of the whole name, {@code max} characters at most.
     */
    static String shorten(String name, int max) {
        if (name.length() <= max) {
            return name;
        }
        String start = name.substring(0, max - HASH_LENGTH - 1).replaceFirst("[-.]+$", "");
        return start + "-" + hash(name);
    }

    private static String hash(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
