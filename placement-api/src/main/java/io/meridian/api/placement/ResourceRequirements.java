package io.meridian.api.placement;

import io.kubernetes.client.custom.IntOrString;
import java.util.Map;

/**
 * What each selected cluster must have room for.
 *
 * @param requests resource name (such as {@code cpu}, {@code memory}, {@code nvidia.com/gpu}) to a
 *                 Kubernetes quantity (an integer or a string such as {@code "500m"} or {@code "16Gi"}),
 *                 at most {@link #MAX_REQUESTS}. Stays int-or-string on the wire so that a value the
 *                 CRD of an older release let through reaches the validator and is reported, instead
 *                 of making the whole Placement unreadable.
 */
public record ResourceRequirements(Map<String, IntOrString> requests) {

    public static final int MAX_REQUESTS = 12;

    /** Requests given as quantity strings, in the order given; for tests and examples. */
    public static ResourceRequirements of(String... nameValuePairs) {
        Map<String, IntOrString> requests = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < nameValuePairs.length; i += 2) {
            requests.put(nameValuePairs[i], new IntOrString(nameValuePairs[i + 1]));
        }
        return new ResourceRequirements(requests);
    }
}
