package io.meridian.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1Condition;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1LabelSelectorRequirement;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.inventory.ClusterDecision;
import io.meridian.api.inventory.ClusterManager;
import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.inventory.ClusterProfileSpec;
import io.meridian.api.inventory.ClusterProfileStatus;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.inventory.Property;
import io.meridian.api.inventory.Version;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.ResourceRequirements;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.placement.ClusterSelectorTerm;
import io.meridian.api.placement.DecisionGroup;
import io.meridian.api.placement.DecisionGroupStatus;
import io.meridian.api.placement.DecisionStrategy;
import io.meridian.api.placement.GroupClusterSelector;
import io.meridian.api.placement.GroupStrategy;
import io.meridian.api.placement.PreferredTerm;
import io.meridian.api.placement.ScopedPropertySorter;
import io.meridian.api.placement.Taint;
import io.meridian.api.placement.Preferences;
import io.meridian.api.placement.PropertyRequirement;
import io.meridian.api.placement.PropertySelector;
import io.meridian.api.placement.PropertySorter;
import io.meridian.api.placement.Toleration;
import io.meridian.api.placement.Scoring;
import io.meridian.api.placement.TopologySpread;
import io.meridian.api.placement.TopologySpreadConstraint;
import io.meridian.api.placement.UnselectedCluster;
import io.meridian.api.placement.VersionRange;
import io.meridian.api.tenancy.ClusterSetBinding;
import io.meridian.api.tenancy.ClusterSetBindingSpec;
import io.meridian.api.tenancy.ClusterSetBindingStatus;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Java model must write only fields the CRD schemas know, or the API server would prune them
 * silently: the Placement against its own CRD, ClusterProfile and PlacementDecision against the
 * upstream Cluster Inventory API CRDs.
 */
class CrdSchemaTest {

    private static final String PLACEMENTS_CRD = "scheduling.meridian.io_placements.yaml";
    private static final String BINDINGS_CRD = "scheduling.meridian.io_clustersetbindings.yaml";
    private static final OffsetDateTime TIME = OffsetDateTime.of(2026, 11, 24, 8, 0, 0, 0, ZoneOffset.UTC);

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schema(Map<String, Object> crd) {
        Map<String, Object> spec = (Map<String, Object>) crd.get("spec");
        Map<String, Object> version = ((List<Map<String, Object>>) spec.get("versions")).get(0);
        return (Map<String, Object>) ((Map<String, Object>) version.get("schema")).get("openAPIV3Schema");
    }

    private static Map<String, Object> ownCrd() throws IOException {
        return ownCrd(PLACEMENTS_CRD);
    }

    private static Map<String, Object> ownCrd(String file) throws IOException {
        try (InputStream in = CrdSchemaTest.class.getResourceAsStream("/crds/" + file)) {
            return new Yaml().load(in);
        }
    }

    private static Map<String, Object> upstreamCrd(String file) throws IOException {
        try (InputStream in = CrdSchemaTest.class.getResourceAsStream("/crds/upstream/" + file)) {
            return new Yaml().load(in);
        }
    }

    /** Every JSON field path of the object that the schema does not declare; metadata is the API server's. */
    @SuppressWarnings("unchecked")
    private static List<String> unknownFields(JsonElement json, Map<String, Object> schema, String path) {
        List<String> unknown = new ArrayList<>();
        if (json.isJsonObject()) {
            Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
            Map<String, Object> additional = schema.get("additionalProperties") instanceof Map<?, ?> map
                    ? (Map<String, Object>) map : null;
            for (Map.Entry<String, JsonElement> field : ((JsonObject) json).entrySet()) {
                String fieldPath = path + "." + field.getKey();
                if (fieldPath.equals(".metadata") || fieldPath.endsWith("Selector.matchLabels")) {
                    continue;
                }
                Map<String, Object> fieldSchema = properties == null ? additional
                        : (Map<String, Object>) properties.get(field.getKey());
                if (fieldSchema == null) {
                    unknown.add(fieldPath);
                } else {
                    unknown.addAll(unknownFields(field.getValue(), fieldSchema, fieldPath));
                }
            }
        } else if (json.isJsonArray()) {
            Map<String, Object> items = (Map<String, Object>) schema.get("items");
            json.getAsJsonArray().forEach(item -> unknown.addAll(unknownFields(item, items, path + "[]")));
        }
        return unknown;
    }

    static Placement fullPlacement() {
        ClusterProfileRef ref = new ClusterProfileRef("fleet", "prod-eu-1");
        V1LabelSelector labels = new V1LabelSelector().putMatchLabelsItem("env", "prod").addMatchExpressionsItem(
                new V1LabelSelectorRequirement().key("tier").operator("In").values(List.of("gold")));
        PropertySelector properties = new PropertySelector(List.of(new PropertyRequirement("cpu", "Ge", List.of("8"))));
        ClusterSelectorTerm term = new ClusterSelectorTerm(labels, properties, new VersionRange("1.30", "1.32"),
                List.of("labels['env'] == 'prod'"));
        PlacementSpec spec = new PlacementSpec("PickN", 2, null, "open-cluster-management", List.of("prod"),
                List.of(term),
                new Preferences(List.of("eu"), List.of("prod"), List.of(new PropertySorter("cpu", "Descending", 2)),
                        List.of(new PreferredTerm(-40, term, new ScopedPropertySorter("memory", "Ascending")))),
                new TopologySpread("location", 1),
                List.of(new Toleration(Toleration.UNHEALTHY, 300L),
                        Toleration.of("example.com/maintenance", Toleration.EQUAL, "true", Taint.NO_SELECT, 60L)),
                PlacementSpec.REQUIRED,
                new DecisionStrategy(new GroupStrategy(
                        List.of(new DecisionGroup("canary", new GroupClusterSelector(labels, properties))),
                        new IntOrString("25%"))),
                List.of(new TopologySpreadConstraint("location", 1, TopologySpreadConstraint.DO_NOT_SCHEDULE, 3),
                        new TopologySpreadConstraint("zone", 2, TopologySpreadConstraint.SCHEDULE_ANYWAY, null)),
                new Scoring(2, Scoring.STEADY),
                new ResourceRequirements(java.util.Map.of("cpu", new IntOrString("500m"), "nvidia.com/gpu",
                        new IntOrString(1))));
        PlacementStatus status = new PlacementStatus(1L, 1, List.of(new Decision(ref, 10L, "Location preference +100",
                java.util.Map.of("cpu", "2.5/8 (31%)"))),
                List.of(new V1Condition().type("Satisfied").status("True").reason("AllDecisionsScheduled")
                        .message("ok").observedGeneration(1L).lastTransitionTime(TIME)),
                List.of(new UnselectedCluster(new ClusterProfileRef("fleet", "prod-us-1"), "ranked lower")), 1,
                List.of(new DecisionGroupStatus(0, "canary", 1, List.of(ref))));
        return new Placement(Placement.API_VERSION, Placement.KIND,
                new V1ObjectMeta().namespace("apps").name("web"), spec, status);
    }

    @Test
    void placementModelMatchesItsCrd() throws IOException {
        Placement placement = fullPlacement();
        JsonElement json = ApiJson.gson().toJsonTree(placement);

        assertThat(unknownFields(json, schema(ownCrd()), "")).isEmpty();
        assertThat(ApiJson.gson().fromJson(json, Placement.class)).isEqualTo(placement);
    }

    @Test
    @SuppressWarnings("unchecked")
    void placementCrdHasPrinterColumnsShortNameAndStatus() throws IOException {
        Map<String, Object> spec = (Map<String, Object>) ownCrd().get("spec");
        Map<String, Object> version = ((List<Map<String, Object>>) spec.get("versions")).get(0);

        assertThat((Map<String, Object>) spec.get("names")).containsEntry("shortNames", List.of("mpl"));
        assertThat((Map<String, Object>) version.get("subresources")).containsKey("status");
        assertThat((List<Map<String, Object>>) version.get("additionalPrinterColumns")).extracting(c -> c.get("name"))
                .contains("Type", "Requested", "Selected", "Satisfied", "Age");
        assertThat(new Yaml().dump(schema(ownCrd()))).contains("x-kubernetes-validations", "isQuantity");
    }

    /** {@code kubectl explain} shows the description of every field. */
    @Test
    void everyPlacementFieldIsDescribed() throws IOException {
        List<String> undescribed = new ArrayList<>();
        undescribed(schema(ownCrd()), "", undescribed);

        assertThat(undescribed).isEmpty();
    }

    @Test
    void everyClusterSetBindingFieldIsDescribed() throws IOException {
        List<String> undescribed = new ArrayList<>();
        undescribed(schema(ownCrd(BINDINGS_CRD)), "", undescribed);

        assertThat(undescribed).isEmpty();
    }

    @Test
    void clusterSetBindingModelMatchesItsCrd() throws IOException {
        ClusterSetBinding binding = new ClusterSetBinding(ClusterSetBinding.API_VERSION, ClusterSetBinding.KIND,
                new V1ObjectMeta().namespace("apps").name("prod"), new ClusterSetBindingSpec("prod"),
                new ClusterSetBindingStatus(1L, 3, List.of(new V1Condition().type(ClusterSetBindingStatus.CLUSTERSET_FOUND)
                        .status("True").reason(ClusterSetBindingStatus.REASON_FOUND).message("3 clusters")
                        .observedGeneration(1L).lastTransitionTime(TIME))));
        Map<String, Object> crd = ownCrd(BINDINGS_CRD);
        JsonElement json = ApiJson.gson().toJsonTree(binding);

        assertThat(unknownFields(json, schema(crd), "")).isEmpty();
        assertThat(ApiJson.gson().fromJson(json, ClusterSetBinding.class)).isEqualTo(binding);
        Map<String, Map<String, Object>> integers = new TreeMap<>();
        integers(schema(crd), "", integers);
        Map<String, Class<?>> modelIntegers = new TreeMap<>();
        modelIntegers(ClusterSetBinding.class, "", modelIntegers);
        modelIntegers.forEach((path, type) -> assertThat(integers.get(path)).as(path)
                .containsEntry("format", type == Integer.class ? "int32" : "int64")
                .containsKeys("minimum", "maximum"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void clusterSetBindingCrdRequiresAClusterSetNamedAsTheModelSays() throws IOException {
        Map<String, Object> crd = ownCrd(BINDINGS_CRD);
        Map<String, Object> spec = (Map<String, Object>) crd.get("spec");
        Map<String, Object> version = ((List<Map<String, Object>>) spec.get("versions")).get(0);
        Map<String, Object> root = schema(crd);

        assertThat(spec.get("group")).isEqualTo(ClusterSetBinding.GROUP);
        assertThat(spec.get("scope")).isEqualTo("Namespaced");
        assertThat((Map<String, Object>) spec.get("names")).containsEntry("kind", ClusterSetBinding.KIND)
                .containsEntry("plural", ClusterSetBinding.PLURAL);
        assertThat((Map<String, Object>) version.get("subresources")).containsKey("status");
        assertThat((List<String>) root.get("required")).contains("spec");
        assertThat((List<String>) at(root, "spec").get("required")).containsExactly("clusterSet");
        assertThat(at(root, "spec", "clusterSet")).containsEntry("pattern", ClusterSetBindingSpec.CLUSTERSET_PATTERN)
                .containsEntry("minLength", 1).containsEntry("maxLength", ClusterSetBindingSpec.MAX_CLUSTERSET_LENGTH);
    }

    @Test
    void clusterSetPatternAcceptsLabelValuesOnly() {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(ClusterSetBindingSpec.CLUSTERSET_PATTERN);

        assertThat(List.of("prod", "a", "Team_A.prod-1", "9")).allMatch(name -> pattern.matcher(name).matches());
        assertThat(List.of("", " prod", "prod ", "-prod", "prod.", "two words", "prod/eu", "ü"))
                .noneMatch(name -> pattern.matcher(name).matches());
    }

    @SuppressWarnings("unchecked")
    private static void undescribed(Map<String, Object> schema, String path, List<String> found) {
        Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
        if (properties != null) {
            properties.forEach((name, child) -> {
                Map<String, Object> field = (Map<String, Object>) child;
                boolean standard = (path + "." + name).equals(".metadata");
                if (!standard && (!(field.get("description") instanceof String text) || text.isBlank())) {
                    found.add(path + "." + name);
                }
                undescribed(field, path + "." + name, found);
            });
        }
        if (schema.get("items") instanceof Map<?, ?> items) {
            undescribed((Map<String, Object>) items, path + "[]", found);
        }
    }

    /**
     * The API server stores any integer within the schema's bounds, and a stored value the model
     * cannot hold breaks decoding of every watch event; so every integer has both bounds, inside
     * the Java type it is read into. int64 bounds stay far inside a long (at most 10^18), because
     * the API server compares them as floating-point numbers.
     */
    @Test
    void everyPlacementIntegerHasBoundsThatFitItsJavaType() throws IOException {
        Map<String, Map<String, Object>> integers = new TreeMap<>();
        integers(schema(ownCrd()), "", integers);

        assertThat(integers).containsKeys(".spec.numberOfClusters", ".spec.topologySpread.maxSkew",
                ".spec.tolerations[].tolerationSeconds", ".status.conditions[].observedGeneration",
                ".spec.preferences.preferredTerms[].weight", ".status.decisionGroups[].decisionGroupIndex",
                ".status.decisionGroups[].clusterCount");
        integers.forEach((path, field) -> {
            assertThat(field.get("format")).as(path).isIn("int32", "int64");
            long limit = "int32".equals(field.get("format")) ? Integer.MAX_VALUE : 1_000_000_000_000_000_000L;
            assertThat(field.get("minimum")).as(path + " minimum").isInstanceOf(Number.class);
            assertThat(field.get("maximum")).as(path + " maximum").isInstanceOf(Number.class);
            long minimum = ((Number) field.get("minimum")).longValue();
            long maximum = ((Number) field.get("maximum")).longValue();
            assertThat(minimum).as(path + " minimum").isBetween(-limit, maximum);
            assertThat(maximum).as(path + " maximum").isBetween(minimum, limit);
        });
    }

    /** Each Integer of the model is an int32 in the CRD and each Long an int64, so the bounds above are the right ones. */
    @Test
    void everyIntegerOfTheModelIsDeclaredWithItsJavaType() throws IOException {
        Map<String, Map<String, Object>> integers = new TreeMap<>();
        integers(schema(ownCrd()), "", integers);
        Map<String, Class<?>> modelIntegers = new TreeMap<>();
        modelIntegers(Placement.class, "", modelIntegers);

        assertThat(modelIntegers).containsKeys(".spec.numberOfClusters", ".spec.tolerations[].tolerationSeconds",
                ".status.decisions[].score");
        modelIntegers.forEach((path, type) -> {
            assertThat(integers).as(path).containsKey(path);
            assertThat(integers.get(path).get("format")).as(path).isEqualTo(type == Integer.class ? "int32" : "int64");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void crdLimitsAreTheModelsLimits() throws IOException {
        Map<String, Object> root = schema(ownCrd());

        assertThat(at(root, "spec", "numberOfClusters").get("maximum")).isEqualTo(PlacementSpec.MAX_NUMBER_OF_CLUSTERS);
        assertThat(at(root, "spec", "topologySpread", "maxSkew").get("maximum")).isEqualTo(TopologySpread.MAX_SKEW);
        Map<String, Object> toleration = (Map<String, Object>) at(root, "spec", "tolerations").get("items");
        assertThat(((Number) at(toleration, "tolerationSeconds").get("maximum")).longValue())
                .isEqualTo(Toleration.MAX_TOLERATION_SECONDS);
        Map<String, Object> sorter = (Map<String, Object>) at(root, "spec", "preferences", "propertySorters").get("items");
        assertThat(at(sorter, "weight")).containsEntry("minimum", PropertySorter.MIN_WEIGHT)
                .containsEntry("maximum", PropertySorter.MAX_WEIGHT);
        assertThat(at(root, "status", "unselectedClusters").get("maxItems")).isEqualTo(PlacementStatus.MAX_UNSELECTED);
        Map<String, Object> spread = at(root, "spec", "topologySpreadConstraints");
        assertThat(spread.get("maxItems")).isEqualTo(TopologySpreadConstraint.MAX_CONSTRAINTS);
        Map<String, Object> constraint = (Map<String, Object>) spread.get("items");
        assertThat(at(constraint, "maxSkew").get("maximum")).isEqualTo(TopologySpreadConstraint.MAX);
        assertThat(at(constraint, "minDomains").get("maximum")).isEqualTo(TopologySpreadConstraint.MAX);
        assertThat((List<String>) at(constraint, "whenUnsatisfiable").get("enum")).containsExactly(
                TopologySpreadConstraint.DO_NOT_SCHEDULE, TopologySpreadConstraint.SCHEDULE_ANYWAY);
        assertThat(at(constraint, "whenUnsatisfiable").get("default")).isEqualTo(TopologySpreadConstraint.DO_NOT_SCHEDULE);
        assertThat(at(root, "spec", "scoring", "balanceWeight")).containsEntry("minimum", 0)
                .containsEntry("maximum", Scoring.MAX_BALANCE_WEIGHT)
                .containsEntry("default", Scoring.DEFAULT_BALANCE_WEIGHT);
        assertThat((List<String>) at(root, "spec", "scoring", "stability").get("enum"))
                .containsExactly(Scoring.STEADY, Scoring.NONE);
        assertThat(at(root, "spec", "scoring", "stability").get("default")).isEqualTo(Scoring.STEADY);
        Map<String, Object> preferred = (Map<String, Object>) at(root, "spec", "preferences", "preferredTerms").get("items");
        assertThat(at(preferred, "weight")).containsEntry("minimum", PreferredTerm.MIN_WEIGHT)
                .containsEntry("maximum", PreferredTerm.MAX_WEIGHT);
        assertThat(at(root, "spec", "preferences", "preferredTerms").get("maxItems")).isEqualTo(PreferredTerm.MAX_TERMS);
        assertThat(at(root, "spec", "predicates").get("maxItems")).isEqualTo(ClusterSelectorTerm.MAX_TERMS);
        Map<String, Object> term = (Map<String, Object>) at(root, "spec", "predicates").get("items");
        assertThat(at(term, "celExpressions").get("maxItems")).isEqualTo(ClusterSelectorTerm.MAX_CEL_EXPRESSIONS);
        assertThat(((Map<String, Object>) at(term, "celExpressions").get("items")).get("maxLength"))
                .isEqualTo(ClusterSelectorTerm.MAX_CEL_LENGTH);
        assertThat(at(root, "spec", "tolerations").get("maxItems")).isEqualTo(Toleration.MAX_TOLERATIONS);
        assertThat(at(root, "spec", "decisionStrategy", "groupStrategy", "decisionGroups").get("maxItems"))
                .isEqualTo(GroupStrategy.MAX_GROUPS);
    }

    /** Unknown taint effects are refused by the CRD: its enum is exactly the effects Meridian knows. */
    @Test
    @SuppressWarnings("unchecked")
    void tolerationEffectsAreTheTaintEffects() throws IOException {
        Map<String, Object> toleration = (Map<String, Object>) at(schema(ownCrd()), "spec", "tolerations").get("items");

        assertThat((List<String>) at(toleration, "effect").get("enum"))
                .containsExactly(Taint.NO_SELECT, Taint.PREFER_NO_SELECT, Taint.NO_SELECT_IF_NEW);
        assertThat((List<String>) at(toleration, "operator").get("enum")).containsExactly(Toleration.EQUAL, Toleration.EXISTS);
    }

    /** Every selector term has the same fields wherever it appears: predicates and preferred terms. */
    @Test
    @SuppressWarnings("unchecked")
    void selectorTermsAreTheSameInPredicatesAndPreferences() throws IOException {
        Map<String, Object> root = schema(ownCrd());
        Map<String, Object> required = (Map<String, Object>) at(root, "spec", "predicates").get("items");
        Map<String, Object> preferred = at((Map<String, Object>) at(root, "spec", "preferences", "preferredTerms")
                .get("items"), "preference");
        Map<String, Object> group = at((Map<String, Object>) at(root, "spec", "decisionStrategy", "groupStrategy",
                "decisionGroups").get("items"), "groupClusterSelector");

        assertThat(preferred.get("properties")).isEqualTo(required.get("properties"));
        assertThat(((Map<String, Object>) required.get("properties")).keySet())
                .containsExactly("labelSelector", "propertySelector", "kubernetesVersion", "celExpressions");
        assertThat(group.get("properties")).isEqualTo(Map.of(
                "labelSelector", at(required, "labelSelector"), "propertySelector", at(required, "propertySelector")));
    }

    /** The chart installs the same files, byte for byte. */
    @Test
    void theChartShipsTheseCrds() throws IOException {
        for (String file : List.of(PLACEMENTS_CRD, BINDINGS_CRD)) {
            Path chartCopy = Path.of("../charts/meridian/files/crds/" + file);
            try (InputStream in = CrdSchemaTest.class.getResourceAsStream("/crds/" + file)) {
                assertThat(Files.readAllBytes(chartCopy)).as(file).isEqualTo(in.readAllBytes());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> schema, String... path) {
        Map<String, Object> node = schema;
        for (String name : path) {
            node = (Map<String, Object>) ((Map<String, Object>) node.get("properties")).get(name);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static void integers(Map<String, Object> schema, String path, Map<String, Map<String, Object>> found) {
        if ("integer".equals(schema.get("type"))) {
            found.put(path, schema);
        }
        if (schema.get("properties") instanceof Map<?, ?> properties) {
            ((Map<String, Object>) properties).forEach((name, child) ->
                    integers((Map<String, Object>) child, path + "." + name, found));
        }
        if (schema.get("items") instanceof Map<?, ?> items) {
            integers((Map<String, Object>) items, path + "[]", found);
        }
    }

    /** Integer and Long components of the model's records, by JSON path; other types are the API server's or strings. */
    private static void modelIntegers(Class<?> type, String path, Map<String, Class<?>> found) {
        for (RecordComponent component : type.getRecordComponents()) {
            String at = path + "." + component.getName();
            Class<?> fieldType = component.getType();
            if (fieldType == List.class
                    && component.getGenericType() instanceof ParameterizedType list
                    && list.getActualTypeArguments()[0] instanceof Class<?> element) {
                at += "[]";
                fieldType = element;
            }
            if (fieldType == Integer.class || fieldType == Long.class) {
                found.put(at, fieldType);
            } else if (fieldType.isRecord()) {
                modelIntegers(fieldType, at, found);
            }
        }
    }

    @Test
    void clusterProfileModelIsWireCompatibleWithUpstream() throws IOException {
        ClusterProfile profile = new ClusterProfile(ClusterProfile.API_VERSION, ClusterProfile.KIND,
                new V1ObjectMeta().namespace("fleet").name("prod-eu-1"),
                new ClusterProfileSpec("prod-eu-1", new ClusterManager("open-cluster-management")),
                new ClusterProfileStatus(
                        List.of(new V1Condition().type("ControlPlaneHealthy").status("True").reason("Healthy")
                                .message("ok").lastTransitionTime(TIME)),
                        List.of(new Property("location", "eu")), new Version("v1.31.2")));
        JsonElement json = ApiJson.gson().toJsonTree(profile);

        assertThat(unknownFields(json, schema(upstreamCrd("multicluster.x-k8s.io_clusterprofiles.yaml")), "")).isEmpty();
        assertThat(ApiJson.gson().fromJson(json, ClusterProfile.class)).isEqualTo(profile);
    }

    @Test
    void placementDecisionModelIsWireCompatibleWithUpstream() throws IOException {
        PlacementDecision slice = new PlacementDecision(PlacementDecision.API_VERSION, PlacementDecision.KIND,
                new V1ObjectMeta().namespace("apps").name("web-decision-0"),
                List.of(new ClusterDecision(new ClusterProfileRef("fleet", "prod-eu-1"), "selected")), "meridian");
        Map<String, Object> crd = upstreamCrd("multicluster.x-k8s.io_placementdecisions.yaml");
        JsonElement json = ApiJson.gson().toJsonTree(slice);

        assertThat(unknownFields(json, schema(crd), "")).isEmpty();
        assertThat(ApiJson.gson().fromJson(json, PlacementDecision.class)).isEqualTo(slice);
        assertThat(new Yaml().dump(crd)).contains("maxItems: " + PlacementDecision.MAX_DECISIONS);
    }

    @Test
    void upstreamKindsAndGroupsMatchTheModel() throws IOException {
        for (String file : List.of("multicluster.x-k8s.io_clusterprofiles.yaml", "multicluster.x-k8s.io_placementdecisions.yaml")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) upstreamCrd(file).get("spec");
            assertThat(spec.get("group")).isEqualTo(ClusterProfile.GROUP);
            assertThat(spec.get("scope")).isEqualTo("Namespaced");
        }
    }
}
