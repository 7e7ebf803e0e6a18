package io.meridian.scheduler.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.api.ApiJson;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Placement;
import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.FactMapper;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.FleetOptions;
import io.meridian.scheduler.fleet.ResourceCapacity;
import io.meridian.scheduler.fleet.ResourceQuantities;
import io.meridian.scheduler.placement.ClusterFilter;
import io.meridian.scheduler.placement.Eligibility;
import io.meridian.scheduler.placement.PlacementRequest;
import io.meridian.scheduler.placement.PlacementValidator;
import io.meridian.scheduler.placement.ValidationResult;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FleetGeneratorTest {

    private static final Instant NOW = FleetGenerator.SINCE.toInstant().plusSeconds(3600);

    private static String json(Workload workload) {
        return ApiJson.gson().toJson(List.of(workload.profiles(), workload.placements(), workload.bindings()));
    }

    @Test
    void theSameSeedGivesTheSameWorkloadAndAnotherSeedAnotherOne() {
        for (boolean tight : new boolean[] {false, true}) {
            WorkloadSpec spec = WorkloadSpec.of(200, 150, tight, 7);
            Workload first = FleetGenerator.generate(spec);
            assertThat(json(FleetGenerator.generate(spec))).isEqualTo(json(first));
            assertThat(FleetGenerator.generate(spec).packing()).isEqualTo(first.packing());
            assertThat(json(FleetGenerator.generate(WorkloadSpec.of(200, 150, tight, 8)))).isNotEqualTo(json(first));
            assertThat(first.profiles()).hasSize(200);
            assertThat(first.placements()).hasSize(150);
        }
    }

    @Test
    void theMixHasEveryPlacementTypeAndSomeUnavailableClusters() {
        Workload workload = FleetGenerator.generate(WorkloadSpec.of(1000, 1000, false, 42));
        Map<String, Long> types = new HashMap<>();
        workload.placements().forEach(p -> types.merge(p.spec().placementType(), 1L, Long::sum));
        assertThat(types.keySet()).containsExactlyInAnyOrder("PickN", "PickAll", "PickFixed");
        assertThat(types.get("PickN")).isBetween(600L, 800L);
        Fleet fleet = fleet(workload);
        long unavailable = fleet.clusters().stream().filter(c -> !c.isHealthy() || !c.isJoined()).count();
        assertThat(unavailable).isBetween(10L, 60L);
        assertThat(fleet.clusters()).allMatch(c -> c.capacity() == null);
        assertThat(workload.packing()).isEmpty();
    }

    /**
     * The hidden packing is a schedule that satisfies every placement: each placement gets as many
     * distinct clusters as it asks for, each eligible for it (predicates, clusterset) with its
     * spread kept, no cluster is asked for more cpu or memory than it has allocatable, and the
     * packing requests at least 90% of the fleet's allocatable cpu and memory.
     */
    @Test
    void theTightWorkloadHidesAPackingThatSatisfiesEveryPlacementAndFillsTheFleet() {
        Workload workload = FleetGenerator.generate(WorkloadSpec.of(1000, 1000, true, 7));
        Fleet fleet = fleet(workload);
        PlacementValidator validator = new PlacementValidator(null);
        ClusterFilter filter = new ClusterFilter();
        Map<String, Map<String, Long>> used = new HashMap<>();
        assertThat(workload.packing()).hasSize(workload.placements().size());
        for (Placement placement : workload.placements()) {
            assertThat(placement.status()).as("the packing is hidden").isNull();
            ValidationResult validation = validator.validate(placement);
            assertThat(validation.isValid()).as(validation.message()).isTrue();
            PlacementRequest request = validation.request();
            Eligibility eligibility = filter.filter(request, fleet, NOW);
            Set<String> eligible = new HashSet<>();
            eligibility.eligible().forEach(c -> eligible.add(c.ref().name()));
            List<String> packed = workload.packing().get(placement.key());
            assertThat(packed).doesNotHaveDuplicates().hasSize(request.numberOfClusters());
            assertThat(eligible).as(placement.key()).containsAll(packed);
            if (placement.spec().topologySpread() != null) {
                assertThat(packed.stream().map(name -> location(fleet, name)).distinct()).hasSameSizeAs(packed);
            }
            assertThat(request.resources().units()).containsOnlyKeys("cpu", "memory");
            packed.forEach(name -> request.resources().units().forEach((resource, units) ->
                    used.computeIfAbsent(name, n -> new HashMap<>()).merge(resource, units, Long::sum)));
        }
        for (String resource : List.of("cpu", "memory")) {
            long capacity = 0;
            long requested = 0;
            for (ClusterFact cluster : fleet.clusters()) {
                assertThat(cluster.isHealthy() && cluster.isJoined()).isTrue();
                ResourceCapacity allocatable = cluster.resourceCapacity(resource);
                assertThat(allocatable.basis()).isEqualTo(ResourceCapacity.Basis.ALLOCATABLE);
                long units = ResourceQuantities.capacityUnits(resource, allocatable.amount());
                long asked = used.getOrDefault(cluster.ref().name(), Map.of()).getOrDefault(resource, 0L);
                assertThat(asked).as(cluster.ref().name() + " " + resource).isLessThanOrEqualTo(units);
                capacity += units;
                requested += asked;
            }
            assertThat((double) requested / capacity).as(resource).isGreaterThanOrEqualTo(0.9);
        }
    }

    @Test
    void specsAreReadFromKeyValuePairsWithDefaultsAndClearErrors() {
        assertThat(WorkloadSpec.parse("clusters=1000,placements=500,tight=true,seed=7"))
                .isEqualTo(WorkloadSpec.of(1000, 500, true, 7));
        assertThat(WorkloadSpec.parse("clusters=20")).isEqualTo(WorkloadSpec.of(20, 1000, false, 42));
        assertThat(WorkloadSpec.parse(WorkloadSpec.of(3, 4, true, -1).describe())).isEqualTo(WorkloadSpec.of(3, 4, true, -1));
        assertThatThrownBy(() -> WorkloadSpec.parse("nodes=3")).hasMessageContaining("unknown key 'nodes'");
        assertThatThrownBy(() -> WorkloadSpec.parse("clusters=many")).hasMessageContaining("'clusters' must be a whole number");
        assertThatThrownBy(() -> WorkloadSpec.parse("clusters=0")).hasMessageContaining("'clusters' must be 1 to 100000");
        assertThatThrownBy(() -> WorkloadSpec.parse("tight=yes")).hasMessageContaining("'tight' must be true or false");
        assertThatThrownBy(() -> WorkloadSpec.parse("seed")).hasMessageContaining("is not KEY=VALUE");
        assertThatThrownBy(() -> WorkloadSpec.parse("seed=1,seed=2")).hasMessageContaining("given twice");
    }

    private static String location(Fleet fleet, String name) {
        return fleet.find(new ClusterProfileRef(FleetGenerator.FLEET_NAMESPACE, name)).orElseThrow().location();
    }

    private static Fleet fleet(Workload workload) {
        return new FactMapper(FleetOptions.defaults()).fleet(workload.profiles(), Map.of());
    }
}
