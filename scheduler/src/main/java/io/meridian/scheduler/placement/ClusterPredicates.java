package io.meridian.scheduler.placement;

import io.meridian.scheduler.fleet.ClusterFact;
import java.util.ArrayList;
import java.util.List;

/**
 * A placement's predicates: terms that are ORed. A cluster meets them when it meets any one term;
 * no terms at all means every cluster does.
 */
public record ClusterPredicates(List<SelectorTerm> terms) {

    public static final ClusterPredicates NONE = new ClusterPredicates(List.of());

    public ClusterPredicates {
        terms = List.copyOf(terms);
    }

    /**
     * Whether the cluster meets a term, without wording why not.
     *
     * @throws SpecMisconfiguredException when a CEL expression exceeds its cost on this cluster
     */
    public boolean matches(ClusterFact cluster) {
        if (terms.isEmpty()) {
            return true;
        }
        for (SelectorTerm term : terms) {
            if (term.matches(cluster)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Null when the cluster meets a term, otherwise why it meets none: the one term's reason, or
     * each term's reason numbered.
     *
     * @throws SpecMisconfiguredException when a CEL expression exceeds its cost on this cluster
     */
    public String mismatch(ClusterFact cluster) {
        if (terms.isEmpty()) {
            return null;
        }
        List<String> reasons = new ArrayList<>(terms.size());
        for (SelectorTerm term : terms) {
            String reason = term.mismatch(cluster);
            if (reason == null) {
                return null;
            }
            reasons.add(reason);
        }
        if (reasons.size() == 1) {
            return reasons.get(0);
        }
        StringBuilder text = new StringBuilder("meets none of the ").append(reasons.size()).append(" predicates: ");
        for (int i = 0; i < reasons.size(); i++) {
            text.append(i == 0 ? "" : "; ").append('[').append(i).append("] ").append(reasons.get(i));
        }
        return text.toString();
    }
}
