package io.meridian.scheduler.placement;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static io.meridian.scheduler.placement.Placements.placement;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.meridian.api.placement.ClusterSelectorTerm;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.Preferences;
import io.meridian.api.placement.PreferredTerm;
import io.meridian.api.placement.ScopedPropertySorter;
import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.Profiles;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What preferred terms add to each eligible cluster's preference score. */
class PreferenceScoresTest {

    private final Fleet fleet = Profiles.fleet(
            profile("a").label("tier", "gold").property("memory", "64Gi"),
            profile("b").label("tier", "gold").property("memory", "32Gi"),
            profile("c").label("tier", "silver").property("memory", "128Gi"),
            profile("d").label("tier", "silver"));

    private static final ClusterSelectorTerm GOLD = new ClusterSelectorTerm(
            new V1LabelSelector().matchLabels(Map.of("tier", "gold")), null, null);

    private Map<String, Long> scores(PreferredTerm... terms) {
        PlacementSpec spec = PlacementSpec.builder("PickN").numberOfClusters(1)
                .preferences(new Preferences(null, null, null, List.of(terms))).build();
        PlacementRequest request = new PlacementValidator(null).validate(placement("p", spec)).request();
        PreferenceScores scores = new ClusterFilter().filter(request, fleet, Instant.EPOCH).preferences();
        Map<String, Long> byName = new LinkedHashMap<>();
        for (ClusterFact cluster : fleet.clusters()) {
            byName.put(cluster.ref().name(), scores.preferredTerms(cluster));
        }
        return byName;
    }

    @Test
    void matchingClustersEarnTheWeightAndNegativeWeightsPushDown() {
        assertThat(scores(new PreferredTerm(30, GOLD, null))).containsExactly(
                Map.entry("a", 30L), Map.entry("b", 30L), Map.entry("c", 0L), Map.entry("d", 0L));
        assertThat(scores(new PreferredTerm(-40, GOLD, null), new PreferredTerm(10, null, null))).containsExactly(
                Map.entry("a", -30L), Map.entry("b", -30L), Map.entry("c", 10L), Map.entry("d", 10L));
    }

    /** Scaled between the smallest (nothing) and largest (the weight) value among the clusters that meet the term. */
    @Test
    void aSorterScopedToATermRanksOnlyItsClusters() {
        assertThat(scores(new PreferredTerm(100, GOLD, new ScopedPropertySorter("memory", null)))).containsExactly(
                Map.entry("a", 100L), Map.entry("b", 0L), Map.entry("c", 0L), Map.entry("d", 0L));
        assertThat(scores(new PreferredTerm(100, null, new ScopedPropertySorter("memory", "Ascending")))).containsExactly(
                Map.entry("a", 67L), Map.entry("b", 100L), Map.entry("c", 0L), Map.entry("d", 0L));
        assertThat(scores(new PreferredTerm(-50, null, new ScopedPropertySorter("memory", "Descending")))).containsExactly(
                Map.entry("a", -17L), Map.entry("b", 0L), Map.entry("c", -50L), Map.entry("d", 0L));
    }

    @Test
    void whenEveryMatchingClusterHoldsTheSameValueEachEarnsTheWholeWeight() {
        ClusterSelectorTerm silverWithMemory = new ClusterSelectorTerm(
                new V1LabelSelector().matchLabels(Map.of("tier", "silver")), null, null);

        assertThat(scores(new PreferredTerm(20, silverWithMemory, new ScopedPropertySorter("memory", null))))
                .containsExactly(Map.entry("a", 0L), Map.entry("b", 0L), Map.entry("c", 20L), Map.entry("d", 0L));
    }

    @Test
    void pickAllAndPickFixedSpendNoTimeOnPreferences() {
        PlacementSpec spec = PlacementSpec.builder("PickAll")
                .preferences(new Preferences(null, null, null, List.of(new PreferredTerm(10, null, null)))).build();
        PlacementRequest request = new PlacementValidator(null).validate(placement("p", spec)).request();

        assertThat(new ClusterFilter().filter(request, fleet, Instant.EPOCH).preferences()).isSameAs(PreferenceScores.NONE);
    }
}
