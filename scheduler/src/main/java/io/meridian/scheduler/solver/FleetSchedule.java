package io.meridian.scheduler.solver;

import java.util.List;
import org.optaplanner.core.api.domain.solution.PlanningEntityCollectionProperty;
import org.optaplanner.core.api.domain.solution.PlanningScore;
import org.optaplanner.core.api.domain.solution.PlanningSolution;
import org.optaplanner.core.api.domain.solution.ProblemFactCollectionProperty;
import org.optaplanner.core.api.score.buildin.bendablelong.BendableLongScore;

/** The planning solution: every PickN placement of the fleet, solved together. */
@PlanningSolution
public class FleetSchedule {

    @ProblemFactCollectionProperty
    private List<Cluster> clusters;
    @ProblemFactCollectionProperty
    private List<PlacementFact> placements;
    @PlanningEntityCollectionProperty
    private List<ClusterAssignment> assignments;
    /** One level per {@link ScoreLevel}. */
    @PlanningScore(bendableHardLevelsSize = ScoreLevel.HARD_LEVELS, bendableSoftLevelsSize = ScoreLevel.SOFT_LEVELS)
    private BendableLongScore score;

    public FleetSchedule() {
        // for OptaPlanner's cloning
    }

    public FleetSchedule(List<Cluster> clusters, List<PlacementFact> placements, List<ClusterAssignment> assignments) {
        this.clusters = clusters;
        this.placements = placements;
        this.assignments = assignments;
    }

    public List<Cluster> getClusters() {
        return clusters;
    }

    public List<PlacementFact> getPlacements() {
        return placements;
    }

    public List<ClusterAssignment> getAssignments() {
        return assignments;
    }

    public BendableLongScore getScore() {
        return score;
    }

    public void setScore(BendableLongScore score) {
        this.score = score;
    }
}
