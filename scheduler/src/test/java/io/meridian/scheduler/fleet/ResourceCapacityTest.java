package io.meridian.scheduler.fleet;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.scheduler.fleet.ResourceCapacity.Basis;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResourceCapacityTest {

    private static ClusterFact fact(Profiles profile) {
        return new FactMapper(FleetOptions.defaults()).map(profile.build(), Map.of());
    }

    @Test
    void kubeFleetAllocatableIsReadAsKubeFleetPublishesIt() {
        ClusterFact fact = fact(profile("member-1")
                .property("resources.kubernetes-fleet.io/total-cpu", "16")
                .property("resources.kubernetes-fleet.io/allocatable-cpu", "15800m")
                .property("resources.kubernetes-fleet.io/available-cpu", "3")
                .property("resources.kubernetes-fleet.io/allocatable-memory", "60Gi"));

        ResourceCapacity cpu = fact.resourceCapacity("cpu");
        assertThat(cpu.basis()).isEqualTo(Basis.ALLOCATABLE);
        assertThat(cpu.property()).isEqualTo("resources.kubernetes-fleet.io/allocatable-cpu");
        assertThat(cpu.amount()).isEqualByComparingTo("15.8");
        assertThat(ResourceQuantities.capacityUnits("cpu", cpu.amount())).isEqualTo(15_800);
        assertThat(ResourceQuantities.capacityUnits("memory", fact.resourceCapacity("memory").amount()))
                .isEqualTo(60L * 1024 * 1024 * 1024);
    }

    @Test
    void ocmClaimNamesAndExtendedResourcesUseTheResourceNameAsPrefix() {
        ClusterFact fact = fact(profile("ocm-1")
                .property("cpu.allocatable", "8")
                .property("memory.allocatable", "32Gi")
                .property("nvidia.com/gpu.allocatable", "4"));

        assertThat(fact.resourceCapacity("cpu").property()).isEqualTo("cpu.allocatable");
        assertThat(fact.resourceCapacity("memory").amount()).isEqualByComparingTo(BigDecimal.valueOf(32L << 30));
        assertThat(fact.resourceCapacity("nvidia.com/gpu").basis()).isEqualTo(Basis.ALLOCATABLE);
        assertThat(fact.resourceCapacity("nvidia.com/gpu").amount()).isEqualByComparingTo("4");
    }

    @Test
    void availableIsReadOnlyWhenNoAllocatableIsPublished() {
        ClusterFact onlyAvailable = fact(profile("a").property("resources.kubernetes-fleet.io/available-cpu", "2500m"));
        ClusterFact both = fact(profile("b").property("cpu.available", "2").property("cpu.allocatable", "8"));

        assertThat(onlyAvailable.resourceCapacity("cpu").basis()).isEqualTo(Basis.AVAILABLE);
        assertThat(onlyAvailable.resourceCapacity("cpu").amount()).isEqualByComparingTo("2.5");
        assertThat(both.resourceCapacity("cpu").basis()).isEqualTo(Basis.ALLOCATABLE);
        assertThat(both.resourceCapacity("cpu").amount()).isEqualByComparingTo("8");
    }

    @Test
    void aMissingCapacityMeansNoRoomAndSaysWhichPropertyWasLookedFor() {
        ResourceCapacity cpu = fact(profile("bare")).resourceCapacity("cpu");

        assertThat(cpu.isKnown()).isFalse();
        assertThat(cpu.basis()).isEqualTo(Basis.NONE);
        assertThat(cpu.problem())
                .isEqualTo("no cpu capacity reported (property resources.kubernetes-fleet.io/allocatable-cpu)");
    }

    @Test
    void garbageOrNegativeCapacityMeansNoRoomAndSaysSo() {
        ResourceCapacity garbage = fact(profile("g").property("resources.kubernetes-fleet.io/allocatable-cpu",
                "lots")).resourceCapacity("cpu");
        ResourceCapacity negative = fact(profile("n").property("memory.allocatable", "-1Gi"))
                .resourceCapacity("memory");

        assertThat(garbage.basis()).isEqualTo(Basis.UNREADABLE);
        assertThat(garbage.problem())
                .isEqualTo("cpu capacity resources.kubernetes-fleet.io/allocatable-cpu 'lots' is not a quantity of at least 0");
        assertThat(negative.problem()).isEqualTo("memory capacity memory.allocatable '-1Gi' is not a quantity of at least 0");
    }

    @Test
    void aReadableAvailableWinsOverAnUnreadableAllocatable() {
        ResourceCapacity cpu = fact(profile("x").property("cpu.allocatable", "n/a").property("cpu.available", "3"))
                .resourceCapacity("cpu");

        assertThat(cpu.basis()).isEqualTo(Basis.AVAILABLE);
        assertThat(cpu.property()).isEqualTo("cpu.available");
    }

    @Test
    void configuredPropertiesReplaceTheDefaultsOfTheirResourceOnly() {
        FleetOptions options = new FleetOptions("location", "clusterset.k8s.io", "multicluster.x-k8s.io/clusterset",
                FleetOptions.DEFAULT_CAPACITY_PROPERTY, Set.of(),
                Map.of("nvidia.com/gpu", new ResourceProperties(List.of("gpu.count"), List.of())));
        ClusterFact fact = new FactMapper(options).map(profile("gpu").property("gpu.count", "8")
                .property("nvidia.com/gpu.allocatable", "1").property("cpu.allocatable", "4").build(), Map.of());

        assertThat(fact.resourceCapacity("nvidia.com/gpu").amount()).isEqualByComparingTo("8");
        assertThat(fact.resourceCapacity("cpu").amount()).isEqualByComparingTo("4");
    }

    @Test
    void quantitiesBecomeWholeUnitsRoundedSafely() {
        assertThat(ResourceQuantities.requestUnits("cpu", new BigDecimal("0.0001"))).isEqualTo(1);
        assertThat(ResourceQuantities.capacityUnits("cpu", new BigDecimal("0.0009"))).isZero();
        assertThat(ResourceQuantities.requestUnits("memory", new BigDecimal("1E30"))).isEqualTo(ResourceQuantities.MAX_UNITS);
        assertThat(ResourceQuantities.format("cpu", 2_500)).isEqualTo("2.5");
        assertThat(ResourceQuantities.format("memory", 16L << 30)).isEqualTo("16Gi");
        assertThat(ResourceQuantities.format("memory", 1_000)).isEqualTo("1000");
        assertThat(ResourceQuantities.format("nvidia.com/gpu", 2)).isEqualTo("2");
        assertThat(ResourceQuantities.parse("2 cores")).isEmpty();
        assertThat(ResourceQuantities.parse("-1")).isEmpty();
    }
}
