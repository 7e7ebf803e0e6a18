package io.meridian.scheduler.decision;

import io.kubernetes.client.openapi.models.V1Condition;
import io.meridian.api.ApiJson;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.DecisionGroupStatus;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.placement.UnselectedCluster;
import io.meridian.scheduler.placement.Wording;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a Placement status writable whatever the spec and the fleet. The API server refuses
 * objects over about 1.5 MB, and a status it refuses would be retried for ever, so:
 * <ol>
 *   <li>every reason is cut to {@link #MAX_REASON} and every condition message to
 *       {@link #MAX_MESSAGE} characters, ending with how many characters were cut;</li>
 *   <li>when the status is still over {@link #MAX_BYTES} of JSON, the decision groups lose their
 *       cluster lists (they keep their counts; their slices list the clusters);</li>
 *   <li>when it is still over, {@code unselectedClusters} loses entries from its end
 *       ({@code numberOfUnselectedClusters} still counts every one);</li>
 *   <li>when it is still over, the decisions lose their reasons (the PlacementDecision slices keep them).</li>
 * </ol>
 * The selected clusters themselves are always written in full. The same status always gets the
 * same cuts, so an unchanged decision is never rewritten.
 */
public final class StatusBudget {

    /** Budget for a status's JSON; a sixth of what the API server accepts, leaving room for the spec. */
    public static final int MAX_BYTES = 256 * 1024;
    /** Characters per decision or unselected-cluster reason. */
    public static final int MAX_REASON = 1024;
    /** Characters per condition message, which the Misconfigured Event repeats. */
    public static final int MAX_MESSAGE = 1024;

    private final int maxBytes;

    public StatusBudget() {
        this(MAX_BYTES);
    }

    StatusBudget(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public PlacementStatus fit(PlacementStatus status) {
        List<Decision> decisions = status.decisions() == null ? null : status.decisions().stream()
                .map(d -> d.withReason(Wording.truncate(d.reason(), MAX_REASON)))
                .toList();
        List<UnselectedCluster> unselected = status.unselectedClusters() == null ? null
                : status.unselectedClusters().stream()
                .map(u -> new UnselectedCluster(u.clusterProfileRef(), Wording.truncate(u.reason(), MAX_REASON)))
                .toList();
        List<V1Condition> conditions = status.conditions() == null ? null : status.conditions().stream()
                .map(StatusBudget::shortened).toList();
        PlacementStatus fitted = withParts(status, decisions, conditions, unselected, status.decisionGroups());

        int excess = bytes(fitted) - maxBytes;
        if (excess > 0 && status.decisionGroups() != null) {
            fitted = withParts(fitted, decisions, conditions, unselected, status.decisionGroups().stream()
                    .map(g -> new DecisionGroupStatus(g.decisionGroupIndex(), g.decisionGroupName(), g.clusterCount(), null))
                    .toList());
            excess = bytes(fitted) - maxBytes;
        }
        if (excess > 0 && unselected != null && !unselected.isEmpty()) {
            List<UnselectedCluster> kept = new ArrayList<>(unselected);
            while (excess > 0 && !kept.isEmpty()) {
                excess -= bytes(kept.remove(kept.size() - 1)) + 1; // the entry and its comma
            }
            fitted = withParts(fitted, decisions, conditions, List.copyOf(kept), fitted.decisionGroups());
            excess = bytes(fitted) - maxBytes;
        }
        if (excess > 0 && decisions != null) {
            fitted = withParts(fitted, decisions.stream()
                    .map(d -> d.withReason(null)).toList(),
                    conditions, fitted.unselectedClusters(), fitted.decisionGroups());
        }
        return fitted;
    }

    /**
     * Size of the object's JSON as written to the API server, counted as it is written: building
     * the text of every status only to measure it was most of what a first pass allocated.
     */
    static int bytes(Object value) {
        Utf8Count count = new Utf8Count();
        ApiJson.gson().toJson(value, count);
        return count.bytes;
    }

    /** Counts the UTF-8 bytes of what is written to it, and keeps nothing. */
    private static final class Utf8Count extends Writer {

        private int bytes;

        @Override
        public void write(int c) {
            bytes += utf8Length((char) c);
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                bytes += utf8Length(chars[i]);
            }
        }

        @Override
        public void write(String text, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                bytes += utf8Length(text.charAt(i));
            }
        }

        /** A surrogate pair is four bytes, two for each half. */
        private static int utf8Length(char c) {
            return c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static PlacementStatus withParts(PlacementStatus status, List<Decision> decisions,
                                             List<V1Condition> conditions, List<UnselectedCluster> unselected,
                                             List<DecisionGroupStatus> groups) {
        return new PlacementStatus(status.observedGeneration(), status.numberOfSelectedClusters(), decisions,
                conditions, unselected, status.numberOfUnselectedClusters(), groups);
    }

    private static V1Condition shortened(V1Condition condition) {
        String message = Wording.truncate(condition.getMessage(), MAX_MESSAGE);
        if (message == null || message.equals(condition.getMessage())) {
            return condition;
        }
        return new V1Condition().type(condition.getType()).status(condition.getStatus()).reason(condition.getReason())
                .message(message).observedGeneration(condition.getObservedGeneration())
                .lastTransitionTime(condition.getLastTransitionTime());
    }
}
