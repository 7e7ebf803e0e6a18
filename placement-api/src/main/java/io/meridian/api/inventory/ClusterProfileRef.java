package io.meridian.api.inventory;

import java.util.Comparator;

/**
 * Points at one ClusterProfile. Ordered by namespace, then name, which is the order every
 * decision list is written in.
 */
public record ClusterProfileRef(String namespace, String name) implements Comparable<ClusterProfileRef> {

    private static final Comparator<ClusterProfileRef> ORDER = Comparator
            .comparing((ClusterProfileRef ref) -> ref.namespace() == null ? "" : ref.namespace())
            .thenComparing(ref -> ref.name() == null ? "" : ref.name());

    @Override
    public int compareTo(ClusterProfileRef other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    }
}
