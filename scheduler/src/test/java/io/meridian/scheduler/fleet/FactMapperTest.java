package io.meridian.scheduler.fleet;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.inventory.ClusterProfileStatus;
import io.meridian.api.inventory.Property;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FactMapperTest {

    private final FactMapper mapper = new FactMapper(FleetOptions.defaults());

    @Test
    void readsConditionsPropertiesAndVersion() {
        ClusterFact fact = mapper.map(profile("ocm", "prod-eu-1").location("eu-west-1").clusterSet("prod")
                .property("cpu.available", "64").version("v1.30.2-eks-1234").build(), Map.of());

        assertThat(fact.ref().toString()).isEqualTo("ocm/prod-eu-1");
        assertThat(fact.isHealthy()).isTrue();
        assertThat(fact.isJoined()).isTrue();
        assertThat(fact.location()).isEqualTo("eu-west-1");
        assertThat(fact.clusterSet()).isEqualTo("prod");
        assertThat(fact.clusterManager()).isEqualTo("open-cluster-management");
        assertThat(fact.version()).contains(new KubernetesVersion(1, 30, 2));
        assertThat(fact.numericProperty("cpu.available")).contains(new BigDecimal("64"));
        assertThat(fact.health().since()).isEqualTo(Profiles.SINCE.toInstant());
    }

    @Test
    void missingOrUnknownConditionsMeanNotHealthyAndNotJoined() {
        ClusterFact fact = profile("c1").withoutHealth().joined("Unknown").fact();

        assertThat(fact.health()).isEqualTo(ConditionFact.MISSING);
        assertThat(fact.isHealthy()).isFalse();
        assertThat(fact.joined().state()).isEqualTo(ConditionState.UNKNOWN);
        assertThat(fact.isJoined()).isFalse();
    }

    @Test
    void missingJoinedCountsAsJoinedOnlyForManagersThatNeverSetIt() {
        ClusterProfile kubefleet = profile("c1").manager("kubefleet").withoutJoined().build();
        ClusterProfile ocm = profile("c2").withoutJoined().build();
        FactMapper lenient = new FactMapper(new FleetOptions("location", "clusterset.k8s.io",
                FleetOptions.DEFAULT_CLUSTERSET_LABEL, FleetOptions.DEFAULT_CAPACITY_PROPERTY, Set.of("kubefleet")));

        assertThat(lenient.map(kubefleet, Map.of()).isJoined()).isTrue();
        assertThat(lenient.map(ocm, Map.of()).isJoined()).isFalse();
        assertThat(mapper.map(kubefleet, Map.of()).isJoined()).isFalse();
    }

    @Test
    void clusterSetComesFromPropertyThenProfileLabelThenNamespaceLabel() {
        String label = FleetOptions.DEFAULT_CLUSTERSET_LABEL;
        Map<String, String> namespaceLabels = Map.of(label, "from-namespace");

        assertThat(mapper.map(profile("a").clusterSet("from-property").label(label, "from-label").build(), namespaceLabels)
                .clusterSet()).isEqualTo("from-property");
        assertThat(mapper.map(profile("b").label(label, "from-label").build(), namespaceLabels).clusterSet())
                .isEqualTo("from-label");
        assertThat(mapper.map(profile("c").build(), namespaceLabels).clusterSet()).isEqualTo("from-namespace");
        assertThat(mapper.map(profile("d").build(), Map.of()).clusterSet()).isNull();
    }

    @Test
    void garbageValuesBecomeAbsentFactsInsteadOfErrors() {
        ClusterFact fact = profile("odd").property("cpu.available", "lots").property(FleetOptions.DEFAULT_CAPACITY_PROPERTY, "-3")
                .property("location", "  ").version("latest").fact();

        assertThat(fact.numericProperty("cpu.available")).isEmpty();
        assertThat(fact.capacity()).isNull();
        assertThat(fact.location()).isNull();
        assertThat(fact.version()).isEmpty();
    }

    @Test
    void firstValueOfARepeatedPropertyWins() {
        ClusterFact fact = profile("dup").property("gpu.count", "2").property("gpu.count", "8").fact();

        assertThat(fact.properties()).containsEntry("gpu.count", "2");
    }

    @Test
    void profileWithNoStatusOrSpecIsMappedAsUnhealthy() {
        ClusterProfile bare = new ClusterProfile(ClusterProfile.API_VERSION, ClusterProfile.KIND,
                new V1ObjectMeta().namespace("fleet").name("bare"), null, null);
        ClusterProfile nullEntries = new ClusterProfile(ClusterProfile.API_VERSION, ClusterProfile.KIND,
                new V1ObjectMeta().namespace("fleet").name("nulls"), null,
                new ClusterProfileStatus(Arrays.asList(null, null), Arrays.asList(null, new Property(null, "x")), null));

        ClusterFact fact = mapper.map(bare, null);
        ClusterFact other = mapper.map(nullEntries, null);

        assertThat(fact.isHealthy()).isFalse();
        assertThat(fact.clusterManager()).isNull();
        assertThat(fact.properties()).isEmpty();
        assertThat(other.isHealthy()).isFalse();
        assertThat(other.properties()).isEmpty();
    }

    @Test
    void quantitiesAreReadAsNumbers() {
        ClusterFact fact = profile("q").property("memory", "64Gi").property("cpu", "500m").fact();

        assertThat(fact.numericProperty("memory")).contains(new BigDecimal(64L * 1024 * 1024 * 1024));
        assertThat(fact.numericProperty("cpu").map(BigDecimal::doubleValue)).contains(0.5);
    }

    @Test
    void unhealthyNotJoinedAndDeletingProfilesCarryBuiltInTaints() {
        ClusterFact sick = Profiles.profile("sick").healthy("False").withoutJoined().fact();
        ClusterFact leaving = new FactMapper(FleetOptions.defaults()).map(withDeletion(Profiles.profile("leaving")
                .taints("[{\"key\": \"example.com/maintenance\", \"effect\": \"NoSelect\"}]").build()), Map.of());

        assertThat(sick.taints()).containsExactly(
                new ClusterTaint(io.meridian.api.placement.Taint.UNHEALTHY, "False", TaintEffect.NO_SELECT,
                        Profiles.SINCE.toInstant(), "ControlPlaneHealthy is False", true),
                new ClusterTaint(io.meridian.api.placement.Taint.NOT_JOINED, "Missing", TaintEffect.NO_SELECT, null,
                        "Joined is missing", true));
        assertThat(leaving.taints()).extracting(ClusterTaint::key, ClusterTaint::tolerable, ClusterTaint::description)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(io.meridian.api.placement.Taint.DELETING, false,
                                "ClusterProfile is being deleted"),
                        org.assertj.core.groups.Tuple.tuple("example.com/maintenance", true,
                                "tainted example.com/maintenance:NoSelect"));
        assertThat(Profiles.profile("ok").fact().taints()).isEmpty();
    }

    private static io.meridian.api.inventory.ClusterProfile withDeletion(io.meridian.api.inventory.ClusterProfile profile) {
        profile.metadata().deletionTimestamp(Profiles.SINCE).addFinalizersItem("example.com/cleanup");
        return profile;
    }
}
