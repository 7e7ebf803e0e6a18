package io.meridian.scheduler.plan;

import java.util.List;

/**
 * How a planned decision differs from the one a live Placement holds now.
 *
 * @param exists  the Placement exists on the API server; otherwise every selected cluster is added
 * @param added   clusters the plan selects that the Placement does not hold now
 * @param removed clusters the Placement holds now that the plan drops
 * @param kept    clusters in both
 */
public record DecisionChange(boolean exists, List<String> added, List<String> removed, List<String> kept) {

    /** One line for the table, e.g. {@code +a,+b -c (1 kept)}, {@code unchanged} or {@code new}. */
    public String summary() {
        if (!exists) {
            return "new";
        }
        if (added.isEmpty() && removed.isEmpty()) {
            return "unchanged";
        }
        StringBuilder line = new StringBuilder();
        added.forEach(cluster -> line.append(line.isEmpty() ? "" : ",").append('+').append(cluster));
        removed.forEach(cluster -> line.append(line.isEmpty() ? "" : ",").append('-').append(cluster));
        return line.append(" (").append(kept.size()).append(" kept)").toString();
    }
}
