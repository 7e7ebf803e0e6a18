package io.meridian.scheduler.solver;

import java.util.Comparator;
import java.util.List;
import org.optaplanner.core.api.domain.entity.PlanningEntity;
import org.optaplanner.core.api.domain.entity.PlanningPin;
import org.optaplanner.core.api.domain.lookup.PlanningId;
import org.optaplanner.core.api.domain.valuerange.ValueRangeProvider;
import org.optaplanner.core.api.domain.variable.PlanningVariable;

/**
 * A planning entity: one of the {@code numberOfClusters} slots of a PickN placement. The solver
 * chooses its cluster from the placement's eligible clusters, or leaves it empty when no cluster
 * can take it.
 */
@PlanningEntity(difficultyComparatorClass = ClusterAssignment.DifficultyComparator.class)
public class ClusterAssignment {

    @PlanningId
    private String id;
    private PlacementFact placement;
    private int slot;
    @PlanningPin
    private boolean pinned;

    @PlanningVariable(valueRangeProviderRefs = "eligibleClusters", nullable = true)
    private Cluster cluster;

    public ClusterAssignment() {
        // for OptaPlanner's cloning
    }

    public ClusterAssignment(PlacementFact placement, int slot, Cluster cluster) {
        this(placement, slot, cluster, false);
    }

    public ClusterAssignment(PlacementFact placement, int slot, Cluster cluster, boolean pinned) {
        this.id = placement.key() + "#" + slot;
        this.placement = placement;
        this.slot = slot;
        this.cluster = cluster;
        this.pinned = pinned;
    }

    @ValueRangeProvider(id = "eligibleClusters")
    public List<Cluster> eligibleClusters() {
        return placement.candidateClusters();
    }

    public String getId() {
        return id;
    }

    public PlacementFact getPlacement() {
        return placement;
    }

    public int getSlot() {
        return slot;
    }

    public Cluster getCluster() {
        return cluster;
    }

    public void setCluster(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public String toString() {
        return id + "->" + cluster;
    }

    /** Placements with the fewest eligible clusters are hardest, so they are placed first. */
    public static final class DifficultyComparator implements Comparator<ClusterAssignment> {
        private static final Comparator<ClusterAssignment> ORDER = Comparator
                .comparingInt((ClusterAssignment a) -> -a.placement.eligibleClusters().size())
                .thenComparing(ClusterAssignment::getId, Comparator.reverseOrder());

        @Override
        public int compare(ClusterAssignment left, ClusterAssignment right) {
            return ORDER.compare(left, right);
        }
    }
}
