package io.meridian.scheduler.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.meridian.api.ApiJson;
import io.meridian.api.placement.Placement;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManagedFieldsPrunerTest {

    private static final String PLACEMENT = """
            {"apiVersion": "scheduling.meridian.io/v1alpha1", "kind": "Placement",
             "metadata": {"name": "web", "namespace": "apps", "managedFields": [
               {"manager": "meridian-scheduler", "operation": "Apply", "subresource": "status", "fieldsV1":
                 {"f:status": {"f:observedGeneration": {}, "f:decisions": {},
                   "f:unselectedClusters": {"k:{\\"clusterProfileRef\\":{\\"name\\":\\"eu-1\\"}}":
                     {".": {}, "f:reason": {}}}}}},
               {"manager": "kubectl", "operation": "Update", "fieldsV1":
                 {"f:spec": {"f:numberOfClusters": {}}}}]}}""";

    @Test
    void keepsWhatOwnershipIsReadFromAndDropsTheRest() {
        JsonObject pruned = ManagedFieldsPruner.prune(JsonParser.parseString(PLACEMENT).getAsJsonObject());

        JsonObject status = pruned.getAsJsonObject("metadata").getAsJsonArray("managedFields").get(0).getAsJsonObject()
                .getAsJsonObject("fieldsV1").getAsJsonObject("f:status");
        assertThat(status.keySet()).containsExactlyInAnyOrder("f:observedGeneration", "f:decisions", "f:unselectedClusters");
        assertThat(status.getAsJsonObject("f:unselectedClusters").keySet()).isEmpty();
        assertThat(pruned.getAsJsonObject("metadata").getAsJsonArray("managedFields").get(1).getAsJsonObject()
                .getAsJsonObject("fieldsV1").keySet()).as("spec ownership is never read").isEmpty();

        Placement before = ApiJson.gson().fromJson(PLACEMENT, Placement.class);
        Placement after = ApiJson.gson().fromJson(pruned, Placement.class);
        for (Placement placement : List.of(before, after)) {
            assertThat(FieldOwnership.soleOwner(placement.metadata(), "meridian-scheduler", "status",
                    List.of("observedGeneration", "decisions"))).isTrue();
            assertThat(FieldOwnership.soleOwner(placement.metadata(), "kubectl", "status", List.of())).isFalse();
        }
    }
}
